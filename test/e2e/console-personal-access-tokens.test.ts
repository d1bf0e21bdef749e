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

// Scenarios (b) and (c) of the console: a personal access token's life, then the audit log it leaves.
// The tests run in order and share one page, as one person's visit would.

const VIEWER = '{ viewer { kind user { email } credential { id kind } } }';
const createPat = (description: string) =>
  `mutation { createPersonalAccessToken(input: { description: "${description}", expiresAt: "${new Date(
    Date.now() + 86_400_000,
  ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } } } }`;
const deletePat = (id: string) =>
  `mutation { deletePersonalAccessToken(input: { id: "${id}" }) { __typename } }`;

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-pat');

/** What the new token's test steps share. */
const created = { secret: '', id: '' };

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
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
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const nav = (name: string) => page.getByRole('navigation').getByRole('link', { name }).click();

describe('console: personal access tokens', () => {
  it('serves the console and signs in with the owner token', async () => {
    const response = await page.goto(`${server.url}/console/`);
    expect(response?.headers()['content-type']).toBe('text/html; charset=utf-8');
    await page.getByRole('heading', { name: 'Keygate console' }).waitFor();
    await screenshot(page, 'sign-in');

    await signIn(server.ownerSecret);
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toBe(server.ownerEmail);
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();
    expect(await page.getByTestId('viewer-identity').textContent()).toContain(server.ownerEmail);
    // The token is kept for the tab only.
    expect(await page.evaluate(() => Object.values(sessionStorage))).toEqual([server.ownerSecret]);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    await screenshot(page, 'viewer');
  });

  it('creates a token and shows its secret once, with a copy button', async () => {
    await nav('Personal access tokens');
    await page.getByLabel('Description').fill('e2e laptop');
    await page.getByRole('button', { name: 'Create token' }).click();

    const reveal = page.getByTestId('secret-reveal');
    await reveal.waitFor();
    expect(await reveal.getAttribute('role')).toBe('alert');
    expect(await reveal.textContent()).toContain('it is shown only once');
    created.secret = (await page.getByTestId('secret-value').textContent()) ?? '';
    expect(created.secret).toMatch(/^kg_pat_[A-Za-z0-9_-]{49}$/);

    await reveal.getByRole('button', { name: 'Copy to clipboard' }).click();
    await reveal.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(created.secret);
    await page.getByRole('row', { name: /e2e laptop/ }).waitFor();
    await screenshot(page, 'secret-shown');

    // Leaving the page drops the secret: back on it, nothing shows it, nothing stored it.
    await nav('Who am I');
    await nav('Personal access tokens');
    await page.getByRole('row', { name: /e2e laptop/ }).waitFor();
    expect(await page.getByTestId('secret-reveal').count()).toBe(0);
    expect(await page.content()).not.toContain(created.secret);
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...sessionStorage, ...localStorage, history: history.state }),
    );
    expect(stored).not.toContain(created.secret);
    await screenshot(page, 'secret-gone');

    // The new secret works for any client.
    const viewer = await callApi(server.url, created.secret, VIEWER);
    expect(viewer.status).toBe(200);
    const data = viewer.data as { viewer: { user: { email: string }; credential: { id: string } } };
    expect(data.viewer.user.email).toBe(server.ownerEmail);
    created.id = data.viewer.credential.id;
  });

  it('signs in with the new token, deletes it, and asks to sign in again in words', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(created.secret);
    // Signing in keeps the page the console was on.
    await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor();
    await nav('Who am I');
    await expect.poll(() => page.getByTestId('viewer-credential-id').textContent()).toBe(created.id);

    await nav('Personal access tokens');
    const row = page.getByRole('row', { name: /e2e laptop/ });
    await row.getByText('this session').waitFor();
    await row.getByRole('button', { name: 'Delete' }).click();
    await screenshot(page, 'confirm-delete');
    await row.getByRole('button', { name: 'Delete for good' }).click();

    // The list reloads with the deleted token: Keygate answers UNAUTHENTICATED, the console signs out.
    const notice = page.getByRole('status');
    await notice.getByText('Your session ended').waitFor();
    expect(await notice.textContent()).toContain('revoked, deleted or has expired');
    await screenshot(page, 'session-ended');

    const refused = await callApi(server.url, created.secret, VIEWER);
    expect(refused.status).toBe(401);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await signIn(created.secret);
    const error = page.getByRole('alert');
    await error.getByText('Keygate did not accept the token').waitFor();
    expect(await error.textContent()).not.toMatch(/[{}"]|UNAUTHENTICATED/);
    await screenshot(page, 'sign-in-refused');
  });
});

describe('console: audit log', () => {
  it('shows the token events, filters them, and adds new ones live', async () => {
    await signIn(server.ownerSecret);
    await page.getByTestId('signed-in-as').waitFor();
    await nav('Audit log');
    const rows = page.getByTestId('audit-row');
    await page.locator('[data-action="pat.deleted"]').first().waitFor();
    const actions = await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-action')));
    expect(actions).toEqual(['pat.deleted', 'pat.created', 'organization.bootstrapped']);
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await screenshot(page, 'audit');

    await page.getByLabel('Action').fill('pat.deleted');
    await page.getByLabel('Outcome').selectOption('SUCCESS');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect
      .poll(() => rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-action'))))
      .toEqual(['pat.deleted']);
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await screenshot(page, 'audit-filtered');

    // Another client creates and deletes a token while the page is open: the deletion (it matches the
    // filter) appears at the top without a reload; the creation (it does not) stays out.
    const result = await callApi(server.url, server.ownerSecret, createPat('e2e live'));
    const payload = (result.data as { createPersonalAccessToken: { personalAccessToken: { id: string } } })
      .createPersonalAccessToken;
    await callApi(server.url, server.ownerSecret, deletePat(payload.personalAccessToken.id));
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().getByText('new').count()).toBe(1);
    expect(await rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-action')))).toEqual([
      'pat.deleted',
      'pat.deleted',
    ]);
    await screenshot(page, 'audit-live');

    // Unfiltered again, a creation arrives live too.
    await page.getByLabel('Action').fill('');
    await page.getByLabel('Outcome').selectOption('');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByTestId('live-status').getByText('Live').waitFor();
    const before = await rows.count();
    await callApi(server.url, server.ownerSecret, createPat('e2e live 2'));
    await expect.poll(() => rows.count()).toBe(before + 1);
    expect(await rows.first().getAttribute('data-action')).toBe('pat.created');
    expect(pageErrors).toEqual([]);
  });
});
