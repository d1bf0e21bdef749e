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

// A machine identity and the whole life of one of its tokens, driven through the console; then what a
// token without the permission sees. The tests run in order on one page.

const VIEWER = '{ viewer { kind credential { id kind } } }';

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-identities');
const secrets: string[] = [];

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, 'FAILED');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

async function signIn(token: string) {
  await page.goto(`${server.url}/console/identities`);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Machine identities' }).waitFor();
}

const tokenRow = (name: string) => page.getByTestId('token-row').filter({ hasText: name });
const statusOf = async (secret: string) => (await callApi(server.url, secret, VIEWER)).status;

/** Reads the secret out of the warning box and hides the box. */
async function takeSecret(prefix: string) {
  const reveal = page.getByTestId('secret-reveal');
  await reveal.waitFor();
  const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
  expect(secret.startsWith(prefix)).toBe(true);
  secrets.push(secret);
  return secret;
}

describe('console: machine identities', () => {
  it('creates a machine identity and refuses a duplicate name next to the form', async () => {
    await signIn(server.ownerSecret);
    await page.getByLabel('Name').fill('deploy-bot');
    await page.getByLabel('Role').selectOption('ADMIN');
    await page.getByRole('button', { name: 'Create machine identity' }).click();
    await page.getByRole('heading', { name: 'deploy-bot' }).waitFor();
    expect(page.url()).toMatch(/\/console\/identities\/[^/]+$/);

    await page.getByRole('navigation').getByRole('link', { name: 'Machine identities' }).click();
    await page.getByRole('link', { name: 'deploy-bot' }).waitFor();
    await page.getByLabel('Name').fill('deploy-bot');
    await page.getByRole('button', { name: 'Create machine identity' }).click();
    const error = page.getByRole('form', { name: 'Create a machine identity' }).getByRole('alert');
    await error.waitFor();
    expect(await error.getAttribute('data-error-type')).toBe('ValidationError');
    expect(await error.textContent()).toMatch(/^Name: /);
    await screenshot(page, 'duplicate-name');
    await page.getByRole('link', { name: 'deploy-bot' }).click();
    await page.getByRole('heading', { name: 'deploy-bot' }).waitFor();
  });

  it('creates a token, shows its secret once, and the secret works', async () => {
    await page.getByRole('button', { name: 'Create token' }).click();
    // The refusal sits under the field it names, which is marked invalid.
    const tokenForm = page.getByRole('form', { name: 'Create a token' });
    await tokenForm.getByRole('alert').getByText('must not be empty').waitFor();
    expect(await tokenForm.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Name').fill('ci');
    await page.getByLabel('Time to live').selectOption({ label: '1 day, renewable' });
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await takeSecret('kg_tok_');
    await tokenRow('ci').waitFor();
    await screenshot(page, 'token-created');
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    expect(await page.getByTestId('secret-reveal').count()).toBe(0);
    expect(await page.content()).not.toContain(secret);

    const viewer = await callApi(server.url, secret, VIEWER);
    expect((viewer.data as { viewer: { kind: string } }).viewer.kind).toBe('MACHINE_IDENTITY');
  });

  it('renames, renews, rotates and revokes the token', async () => {
    await tokenRow('ci').getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: 'Edit token ci' });
    await edit.getByLabel('Name', { exact: true }).fill('ci-main');
    await edit.getByRole('button', { name: 'Save' }).click();
    await tokenRow('ci-main').getByRole('button', { name: 'Edit' }).waitFor();

    // Renewing extends the expiry by the TTL from now: later than it was, to the millisecond.
    const expires = tokenRow('ci-main').getByTestId('token-expires');
    const before = (await expires.getAttribute('title')) ?? '';
    expect(Date.parse(before)).toBeGreaterThan(Date.now());
    await tokenRow('ci-main').getByRole('button', { name: 'Renew' }).click();
    await expect.poll(() => expires.getAttribute('title')).not.toBe(before);
    const after = (await expires.getAttribute('title')) ?? '';
    expect(Date.parse(after)).toBeGreaterThan(Date.parse(before));
    expect(Date.parse(after)).toBeLessThanOrEqual(Date.now() + 86_400_000);
    expect(await tokenRow('ci-main').getByRole('alert').count()).toBe(0);
    await screenshot(page, 'token-renewed');

    const old = secrets.at(-1)!;
    await tokenRow('ci-main').getByLabel('Grace period').selectOption('0');
    await tokenRow('ci-main').getByRole('button', { name: 'Rotate' }).click();
    const rotated = await takeSecret('kg_tok_');
    expect(rotated).not.toBe(old);
    await screenshot(page, 'token-rotated');
    expect((await callApi(server.url, old, VIEWER)).status).toBe(401);
    expect((await callApi(server.url, rotated, VIEWER)).status).toBe(200);

    await tokenRow('ci-main').getByRole('button', { name: 'Revoke' }).click();
    await tokenRow('ci-main').getByRole('button', { name: 'Revoke for good' }).click();
    // The state badge itself: "Revoke" beside "Delete" reads "RevokeDelete", which a loose match takes for it.
    await tokenRow('ci-main').getByText('revoked', { exact: true }).waitFor();
    // The rotation's secret box belonged to this page visit; the change reloaded the list, not the page.
    expect((await callApi(server.url, rotated, VIEWER)).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
    await screenshot(page, 'token-revoked');
  });

  it('deletes a token after asking: it leaves the list and stops working at once', async () => {
    await page.getByLabel('Name').fill('doomed');
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = await takeSecret('kg_tok_');
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    expect(await statusOf(secret)).toBe(200);

    const row = tokenRow('doomed');
    await row.getByRole('button', { name: 'Delete' }).click();
    await screenshot(page, 'confirm-token-delete');
    // Cancelling keeps it.
    await row.getByRole('button', { name: 'Cancel' }).click();
    expect(await statusOf(secret)).toBe(200);
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete for good' }).click();
    await row.waitFor({ state: 'detached' });
    expect(await tokenRow('ci-main').count()).toBe(1);
    const refused = await callApi(server.url, secret, VIEWER);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const node = await callApi(
      server.url,
      server.ownerSecret,
      `{ tokens(first: 50) { edges { node { name } } } }`,
    );
    const names = (node.data as { tokens: { edges: { node: { name: string } }[] } }).tokens.edges.map(
      (edge) => edge.node.name,
    );
    expect(names).toEqual(['ci-main']);
    await screenshot(page, 'token-deleted');
  });

  it('tells a token without the permission that it may not, in words', async () => {
    const narrow = await callApi(
      server.url,
      server.ownerSecret,
      `mutation { createPersonalAccessToken(input: { description: "read only", scopes: ["identity:read", "token:read"], expiresAt: "${new Date(
        Date.now() + 86_400_000,
      ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret } } }`,
    );
    const secret = (narrow.data as { createPersonalAccessToken: { secret: string } })
      .createPersonalAccessToken.secret;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(secret);
    await page.getByRole('link', { name: 'deploy-bot' }).waitFor();
    await page.getByLabel('Name').fill('not-allowed');
    await page.getByRole('button', { name: 'Create machine identity' }).click();
    const error = page.getByRole('form', { name: 'Create a machine identity' }).getByRole('alert');
    await error.getByText('Your token is not allowed to do this').waitFor();
    expect(await error.textContent()).not.toMatch(/[{}"]|FORBIDDEN/);
    await screenshot(page, 'forbidden');
    expect(pageErrors).toEqual([]);
  });
});
