import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { type RunningKeygate, startKeygate } from '../../src/server.js';
import { createTestDatabase, type TestDatabase } from './database.js';
import { testConfig } from './keygate.js';

/** Debian's Chromium; .ci/run installs it when it is missing. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'screenshots');

export function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`No Chromium at ${CHROMIUM_PATH}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface E2EKeygate {
  keygate: RunningKeygate;
  url: string;
  /** The bootstrapped owner's personal access token. */
  ownerSecret: string;
  ownerEmail: string;
  close(): Promise<void>;
}

/**
 * The real HTTP server, as `npm start` runs it, on a fresh PostgreSQL database; `env` sets configuration
 * variables as an operator would (KEYGATE_WEBHOOK_ALLOWED_NETWORKS, say).
 */
export async function startE2EKeygate(env: Record<string, string> = {}): Promise<E2EKeygate> {
  const database: TestDatabase = await createTestDatabase();
  let keygate: RunningKeygate;
  try {
    keygate = await startKeygate({
      ...testConfig({ NODE_ENV: 'test', ...env }),
      port: 0,
      host: '127.0.0.1',
      databaseUrl: database.url,
      logLevel: 'silent',
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  if (!keygate.adminSecret) throw new Error('expected a first start on an empty database');
  return {
    keygate,
    url: keygate.url,
    ownerSecret: keygate.adminSecret,
    ownerEmail: process.env.KEYGATE_ADMIN_EMAIL ?? 'admin@keygate.local',
    async close() {
      await keygate.close();
      await database.drop();
    },
  };
}

/**
 * Numbered full-page screenshots of one test file, under test-results/screenshots/. The file's screenshots
 * of an earlier run are removed first, so that what is there is one run's.
 */
export function screenshotter(prefix: string) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  for (const file of readdirSync(SCREENSHOT_DIR)) {
    if (new RegExp(`^${prefix}-\\d+-.*\\.png$`).test(file)) rmSync(path.join(SCREENSHOT_DIR, file));
  }
  let step = 0;
  return async (page: Page, name: string) => {
    step += 1;
    const file = path.join(SCREENSHOT_DIR, `${prefix}-${String(step).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

/**
 * Errors a page threw or logged. A 401 that the app asked for and handled (a refused token) is logged by
 * Chromium as a failed resource; that one is expected.
 */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    if (/status of 401/.test(message.text())) return;
    errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/**
 * One GraphQL call from the test itself, as any client would make it; `organization` (an Organization
 * global id) is sent as X-Keygate-Organization.
 */
export async function callApi(
  url: string,
  token: string,
  query: string,
  options: { organization?: string } = {},
): Promise<{
  status: number;
  data?: Record<string, unknown> | null;
  errors?: { message?: string; extensions?: { code?: string } }[];
}> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...(options.organization ? { 'x-keygate-organization': options.organization } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, ...((await response.json()) as object) };
}

/**
 * Keygate must work offline: every request a page makes to anywhere but the server under test is refused
 * and recorded, so a test can assert there were none.
 */
export async function refuseExternalRequests(context: BrowserContext, origin: string): Promise<string[]> {
  const external: string[] = [];
  await context.route(
    (url) => url.origin !== new URL(origin).origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    (route) => {
      external.push(route.request().url());
      return route.abort();
    },
  );
  return external;
}
