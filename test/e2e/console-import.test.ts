import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  callApi,
  collectPageErrors,
  type E2EKeygate,
  launchBrowser,
  screenshotter,
  startE2EKeygate,
} from '../support/browser.js';
import {
  authentikTokenKey,
  sha256Hex,
  unleashApiToken,
  unleashPersonalAccessToken,
  unleashV2Token,
} from '../support/foreign-keys.js';

// The import page: keys pasted from another product (authentik, Unleash: docs/migration.md), one per line
// or as `name,key`, or as their SHA-256, become a machine identity's tokens or the signed-in person's own
// personal access tokens, all or nothing. A refused item is shown as the line it came from and nothing is
// imported; imported keys then authenticate. The keys never reach the URL, a log or the page after the
// import. The tests run in order on one page.

const VIEWER = '{ viewer { kind user { email } credential { id kind } } }';

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
/** Everything the page logged and every URL it asked for: no key may be in either. */
const consoleMessages: string[] = [];
const requestedUrls: string[] = [];
let identityId = '';
const screenshot = screenshotter('console-import');
const keys = {
  authentik: authentikTokenKey(),
  unleash: unleashApiToken('default', 'production'),
  another: unleashApiToken('[]', 'production'),
  v2: unleashV2Token('default:production.'),
  pat: unleashPersonalAccessToken(),
};

async function owner<T>(query: string): Promise<T> {
  const answer = await callApi(server.url, server.ownerSecret, query);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
  page.on('console', (message) => consoleMessages.push(message.text()));
  page.on('request', (request) => requestedUrls.push(request.url()));
  const created = await owner<{ createMachineIdentity: { machineIdentity: { id: string } } }>(
    `mutation { createMachineIdentity(input: { name: "unleash backend production", role: MEMBER }) {
      ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  identityId = created.createMachineIdentity.machineIdentity.id;
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, 'FAILED');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const form = () => page.getByRole('form', { name: 'Import keys' });
const lines = () => form().getByLabel('Keys', { exact: true });
const preview = () => page.getByTestId('import-preview');

/** The message under the pasted lines: the element the field's aria-describedby names last. */
async function linesError() {
  await expect.poll(() => lines().getAttribute('aria-invalid')).toBe('true');
  const ids = ((await lines().getAttribute('aria-describedby')) ?? '').split(' ');
  return (await page.locator(`[id="${ids.at(-1)}"]`).textContent()) ?? '';
}

async function tokensOfIdentity(): Promise<{ name: string; state: string }[]> {
  const data = await owner<{ tokens: { edges: { node: { name: string; state: string } }[] } }>(
    `{ tokens(first: 50, identityId: "${identityId}") { edges { node { name state } } } }`,
  );
  return data.tokens.edges.map(({ node }) => node);
}

/** Nothing the page holds, logged or asked for carries one of `secrets`. */
async function expectNoTrace(secrets: string[]) {
  const content = await page.content();
  const storage = await page.evaluate(() => JSON.stringify({ ...sessionStorage, ...localStorage }));
  for (const secret of secrets) {
    expect(content).not.toContain(secret);
    expect(storage).not.toContain(secret);
    expect(page.url()).not.toContain(encodeURIComponent(secret));
    expect(
      requestedUrls.filter((url) => url.includes(secret) || url.includes(encodeURIComponent(secret))),
    ).toEqual([]);
    expect(consoleMessages.filter((message) => message.includes(secret))).toEqual([]);
  }
}

describe('console: importing keys from another product', () => {
  it('shows a refused item as its line and imports nothing', async () => {
    await page.goto(`${server.url}/console/identities/${encodeURIComponent(identityId)}`);
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('link', { name: 'Import keys from another product' }).click();
    await page.getByRole('heading', { name: 'Import keys' }).waitFor();
    // The identity it came from is chosen already.
    await expect
      .poll(() => form().getByLabel('Machine identity', { exact: true }).inputValue())
      .toBe(identityId);
    expect(await preview().textContent()).toBe('No keys pasted yet.');

    // Line 4 (after a comment and a blank line) holds a key too short to be imported.
    await lines().fill(
      `# from authentik and Unleash\nci-runner,${keys.authentik}\n\nshort-key\n"backend, eu",${keys.unleash}`,
    );
    await preview().getByText('3 keys to import, 2 with a name.').waitFor();
    await form().getByRole('button', { name: 'Import' }).click();
    expect(await linesError()).toBe('Line 4: key must be 32 to 512 characters long. Nothing was imported.');
    await screenshot(page, 'line-refused');
    expect(await tokensOfIdentity()).toEqual([]);
    // The pasted text stays, to be corrected.
    expect(await lines().inputValue()).toContain('short-key');

    // A key given twice is refused on the line that repeats it.
    await lines().fill(`${keys.authentik}\n${keys.authentik}`);
    await form().getByRole('button', { name: 'Import' }).click();
    await expect.poll(() => form().getByRole('alert').textContent()).toMatch(/^Line 2: /);
    expect(await tokensOfIdentity()).toEqual([]);
  });

  it('imports the keys: the tokens are there, the keys authenticate and leave the page', async () => {
    await lines().fill(`ci-runner,${keys.authentik}\n${keys.unleash}\n"backend, eu",${keys.another}`);
    await preview().getByText('3 keys to import, 2 with a name.').waitFor();
    await form().getByRole('button', { name: 'Import' }).click();
    const result = page.getByTestId('import-result');
    await result.getByText('Imported 3 keys as tokens of unleash backend production.').waitFor();
    expect(await lines().inputValue()).toBe('');
    expect(await preview().textContent()).toBe('No keys pasted yet.');
    await screenshot(page, 'imported');
    await expectNoTrace([keys.authentik, keys.unleash, keys.another]);

    expect((await tokensOfIdentity()).map((token) => token.name).sort()).toEqual([
      'backend, eu',
      'ci-runner',
      'imported (line 2)',
    ]);
    for (const key of [keys.authentik, keys.unleash, keys.another]) {
      const viewer = await callApi(server.url, key, VIEWER);
      expect(viewer.status).toBe(200);
      expect((viewer.data as { viewer: { kind: string } }).viewer.kind).toBe('MACHINE_IDENTITY');
    }

    // The link leads to the identity, whose list shows them.
    await result.getByRole('link', { name: 'unleash backend production' }).click();
    await page.getByRole('heading', { name: 'unleash backend production' }).waitFor();
    await expect.poll(() => page.getByTestId('token-row').count()).toBe(3);
  });

  it('imports a key by its SHA-256 alone, which the key then matches', async () => {
    await page.goto(`${server.url}/console/import?identity=${encodeURIComponent(identityId)}`);
    await expect
      .poll(() => form().getByLabel('Machine identity', { exact: true }).inputValue())
      .toBe(identityId);
    // Unleash v2 tokens are kept only as their verifier: the SHA-256 in base64url.
    await lines().fill(`unleash v2,${keys.v2.verifier}`);
    await form()
      .getByRole('checkbox', { name: /SHA-256 hashes/ })
      .check();
    await form().getByRole('button', { name: 'Import' }).click();
    await page.getByTestId('import-result').getByText('Imported 1 key as tokens of').waitFor();
    const viewer = await callApi(server.url, keys.v2.secret, VIEWER);
    expect(viewer.status).toBe(200);
    expect((await tokensOfIdentity()).map((token) => token.name)).toContain('unleash v2');

    // A hash that is none is refused on its line.
    await lines().fill(sha256Hex(keys.pat).slice(0, 40));
    await form().getByRole('button', { name: 'Import' }).click();
    expect(await linesError()).toMatch(/^Line 1: keySha256 must be a SHA-256/);
    await screenshot(page, 'hash-refused');
  });

  it("imports the signed-in person's own personal access tokens", async () => {
    await page.goto(`${server.url}/console/personal-access-tokens`);
    await page.getByRole('link', { name: 'Import its keys as your tokens.' }).click();
    await expect
      .poll(() => form().getByRole('radio', { name: 'my own personal access tokens' }).isChecked())
      .toBe(true);
    expect(await form().getByLabel('Machine identity', { exact: true }).count()).toBe(0);
    await lines().fill(`unleash pat,${keys.pat}`);
    await form().getByLabel('Expires in').selectOption({ label: '30 days' });
    await form().getByRole('button', { name: 'Import' }).click();
    const result = page.getByTestId('import-result');
    await result.getByText('Imported 1 key as your personal access tokens.').waitFor();
    await screenshot(page, 'pats-imported');
    await expectNoTrace([keys.pat]);

    const viewer = await callApi(server.url, keys.pat, VIEWER);
    expect(viewer.status).toBe(200);
    const data = viewer.data as { viewer: { kind: string; user: { email: string } } };
    expect(data.viewer).toMatchObject({ kind: 'USER', user: { email: server.ownerEmail } });
    const tokens = await owner<{
      viewer: { personalAccessTokens: { edges: { node: { description: string; expiresAt: string } }[] } };
    }>(
      '{ viewer { personalAccessTokens(search: "unleash pat") { edges { node { description expiresAt } } } } }',
    );
    const [imported] = tokens.viewer.personalAccessTokens.edges;
    expect(imported?.node.description).toBe('unleash pat');
    const days = (Date.parse(imported!.node.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);

    await result.getByRole('link', { name: 'your personal access tokens' }).click();
    await page.getByTestId('pat-row').filter({ hasText: 'unleash pat' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
