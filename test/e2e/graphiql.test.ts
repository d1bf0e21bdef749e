import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  collectPageErrors,
  type E2EKeygate,
  launchBrowser,
  refuseExternalRequests,
  screenshotter,
  startE2EKeygate,
} from '../support/browser.js';

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let external: string[] = [];
const screenshot = screenshotter('graphiql');

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
});

// A context per test: GraphiQL keeps its tabs in local storage, and each test starts as a first visit.
beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  external = await refuseExternalRequests(context, server.url);
  // What the page's Content-Security-Policy refused (an inline script or style, a font, a worker).
  await context.addInitScript(() => {
    const violations: string[] = [];
    Object.assign(window, { cspViolations: violations });
    document.addEventListener('securitypolicyviolation', (event) =>
      violations.push(`${event.effectiveDirective} ${event.blockedURI}`),
    );
  });
});

afterEach(async () => {
  await context?.close();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

function cspViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

it("loads the docs before any header is set, from Keygate's own files", async () => {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  const introspection = page.waitForRequest(
    (request) => request.method() === 'POST' && /\bIntrospectionQuery\b/.test(request.postData() ?? ''),
  );
  const response = await page.goto(`${server.url}/graphql`);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self';");
  await page.locator('.graphiql-query-editor').getByText('query Viewer').waitFor();

  // The schema is fetched with no Authorization header, and answered.
  const request = await introspection;
  expect(request.headers().authorization).toBeUndefined();
  const answer = await request.response();
  expect(answer?.status()).toBe(200);
  const introspected = (await answer?.json()) as { data?: { __schema?: unknown } } | undefined;
  expect(introspected?.data?.__schema).toBeTruthy();

  await page.getByRole('button', { name: 'Headers' }).click();
  const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last().locator('.view-lines');
  await headers.waitFor();
  expect((await headers.textContent())?.trim()).toBe('');

  await page.getByRole('button', { name: /documentation explorer/i }).click();
  const docs = page.getByRole('region', { name: 'Documentation Explorer' });
  await docs.getByRole('link', { name: 'Query', exact: true }).click();
  await docs.getByRole('link', { name: 'viewer', exact: true }).waitFor();
  await screenshot(page, 'docs');

  // Monaco's workers are GraphiQL's files on this server, not blob: URLs.
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  for (const worker of page.workers()) expect(worker.url()).toMatch(`${server.url}/graphiql/`);
  expect(errors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  expect(external).toEqual([]);
});

it('runs the default query in GraphiQL with the token set in the headers editor', async () => {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}/graphql`);
  await expect.poll(() => page.title()).toBe('Keygate');
  const queryEditor = page.locator('.graphiql-query-editor');
  await queryEditor.getByText('query Viewer').waitFor();
  await screenshot(page, 'loaded');

  await page.getByRole('button', { name: 'Headers' }).click();
  const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
  await headers.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${server.ownerSecret}` }));
  await screenshot(page, 'headers-set');

  await page.getByRole('button', { name: /execute query/i }).click();
  const response = page.locator('.graphiql-response');
  await response.getByText(server.ownerEmail).waitFor();
  // Monaco renders spaces as non-breaking ones.
  const text = (await response.textContent())?.replace(/\s+/g, ' ');
  expect(text).toContain('"kind": "USER"');
  expect(text).toContain('"kind": "PERSONAL_ACCESS_TOKEN"');
  await screenshot(page, 'result');
  expect(errors).toEqual([]);
  expect(await cspViolations(page)).toEqual([]);
  // GraphiQL's scripts, styles, icon and workers come from Keygate itself: it works without the internet.
  expect(external).toEqual([]);
});
