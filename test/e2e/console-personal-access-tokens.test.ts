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

// A personal access token's whole life in the console (create, see the secret once, use it, rename,
// renew, rotate, revoke, be refused), then the audit log it leaves. The tests run in order and share one
// page, as one person's visit would.

const VIEWER = '{ viewer { kind user { email } credential { id kind } } }';
const createPat = (description: string) =>
  `mutation { createPersonalAccessToken(input: { description: "${description}", expiresAt: "${new Date(
    Date.now() + 86_400_000,
  ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } } } }`;
const deletePat = (id: string) =>
  `mutation { deletePersonalAccessToken(input: { id: "${id}" }) { __typename } }`;
const renamePat = (id: string, description: string) =>
  `mutation { updatePersonalAccessToken(input: { id: "${id}", description: "${description}" }) { __typename } }`;
const patNode = (id: string) =>
  `{ node(id: "${id}") { ... on PersonalAccessToken { description expiresAt state revokedAt } } }`;

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-pat');

/** What the new token's test steps share. */
const created = {
  id: '',
  /** The secret that works now. */
  secret: '',
  /** Every secret the token ever had. */
  secrets: [] as string[],
  /** A whole second after every change but the revocation, before the revocation: for the time filter. */
  beforeRevocation: new Date(0),
};

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
const patRow = (description: string | RegExp) => page.getByTestId('pat-row').filter({ hasText: description });
/** The token the tests follow, whatever its description is (an open rename form hides it). */
const ourRow = () => page.locator(`[data-testid="pat-row"][data-id="${created.id}"]`);
const statusOf = async (secret: string) => (await callApi(server.url, secret, VIEWER)).status;

/** The secret in the warning box, after checking that the box says it is shown once. */
async function revealedSecret() {
  const reveal = page.getByTestId('secret-reveal');
  await reveal.waitFor();
  expect(await reveal.getAttribute('role')).toBe('alert');
  expect(await reveal.textContent()).toContain('it is shown only once');
  const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
  expect(secret).toMatch(/^kg_pat_[A-Za-z0-9_-]{49}$/);
  return secret;
}

/** A `YYYY-MM-DD` that many days from today, and the instant the console makes of it, in the browser's zone. */
function browserDay(days: number) {
  return page.evaluate((n) => {
    const date = new Date();
    date.setDate(date.getDate() + n);
    const pad = (v: number) => String(v).padStart(2, '0');
    const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
    return { day, startsAt: new Date(`${day}T00:00`).toISOString() };
  }, days);
}

const auditActions = () =>
  page.getByTestId('audit-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));

/** Waits until the audit list shows what Keygate answered for the filter now in the address. */
const auditSettled = () =>
  page.waitForFunction(() => {
    const list = document.querySelector('[data-testid="audit-events"]');
    return (
      list?.getAttribute('aria-busy') === 'false' && list.getAttribute('data-loaded-for') === location.search
    );
  });

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

  it('creates a token and shows its secret once, with a copy button and a warning', async () => {
    await nav('Personal access tokens');
    await page.getByLabel('Description').fill('e2e laptop');
    await page.getByRole('button', { name: 'Create token' }).click();

    created.secret = await revealedSecret();
    created.secrets.push(created.secret);
    const reveal = page.getByTestId('secret-reveal');
    expect(await reveal.textContent()).toContain('cannot show it again');
    await reveal.getByRole('button', { name: 'Copy to clipboard' }).click();
    await reveal.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(created.secret);
    await patRow('e2e laptop').waitFor();
    await screenshot(page, 'secret-shown');

    // Leaving the page drops the secret: back on it, nothing shows it, nothing stored it.
    await nav('Who am I');
    await nav('Personal access tokens');
    await patRow('e2e laptop').waitFor();
    expect(await page.getByTestId('secret-reveal').count()).toBe(0);
    expect(await page.content()).not.toContain(created.secret);
    const stored = await page.evaluate(() =>
      JSON.stringify({ ...sessionStorage, ...localStorage, history: history.state }),
    );
    expect(stored).not.toContain(created.secret);

    // Nor does a reload, which keeps the session.
    await page.reload();
    await patRow('e2e laptop').waitFor();
    expect(await page.getByTestId('secret-reveal').count()).toBe(0);
    expect(await page.content()).not.toContain(created.secret);
    await screenshot(page, 'secret-gone');

    // The new secret works for any client.
    const viewer = await callApi(server.url, created.secret, VIEWER);
    expect(viewer.status).toBe(200);
    const data = viewer.data as { viewer: { user: { email: string }; credential: { id: string } } };
    expect(data.viewer.user.email).toBe(server.ownerEmail);
    created.id = data.viewer.credential.id;
  });

  it('renames the token, and says next to it what is wrong with an empty name', async () => {
    const row = ourRow();
    const description = (await row.locator('strong').first().textContent()) ?? '';
    await row.getByRole('button', { name: 'Edit' }).click();
    const edit = page.getByRole('form', { name: `Edit token ${description}` });
    const input = edit.getByLabel('Description');
    await input.fill('   ');
    await edit.getByRole('button', { name: 'Save' }).click();
    const error = edit.getByRole('alert');
    await error.waitFor();
    expect(await error.getAttribute('data-error-type')).toBe('ValidationError');
    expect(await error.textContent()).toBe('must not be empty');
    expect(await input.getAttribute('aria-invalid')).toBe('true');

    await input.fill('e2e laptop (work)');
    await edit.getByRole('button', { name: 'Save' }).click();
    await patRow('e2e laptop (work)').getByRole('button', { name: 'Edit' }).waitFor();
    expect(await edit.count()).toBe(0);
    const node = await callApi(server.url, server.ownerSecret, patNode(created.id));
    expect((node.data as { node: { description: string } }).node.description).toBe('e2e laptop (work)');
    await screenshot(page, 'renamed');
  });

  it("renews the token: past the organization's cap it says so, within it the expiry changes", async () => {
    const org = await callApi(
      server.url,
      server.ownerSecret,
      '{ viewer { organization { patMaxLifetimeDays } } }',
    );
    const maxDays = (org.data as { viewer: { organization: { patMaxLifetimeDays: number } } }).viewer
      .organization.patMaxLifetimeDays;
    const row = ourRow();
    const expires = row.getByTestId('pat-expires');
    const before = await expires.getAttribute('title');

    await row.getByRole('button', { name: 'Renew' }).click();
    expect(await row.textContent()).toContain(`at most ${maxDays} days from now`);
    const tooLate = await browserDay(maxDays + 10);
    await row.getByLabel('Valid until').fill(tooLate.day);
    await row.getByRole('button', { name: 'Renew' }).click();
    const error = row.getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      `Expiry: must be within ${maxDays} days (the organization's maximum lifetime)`,
    );
    expect(await expires.getAttribute('title')).toBe(before);
    await screenshot(page, 'renew-refused');

    const within = await browserDay(60);
    await row.getByLabel('Valid until').fill(within.day);
    await row.getByRole('button', { name: 'Renew' }).click();
    await expect.poll(() => expires.getAttribute('title')).toBe(within.startsAt);
    expect(within.startsAt).not.toBe(before);
    expect(await row.getByRole('alert').count()).toBe(0);
    expect(await row.getByLabel('Valid until').count()).toBe(0);
    const node = await callApi(server.url, server.ownerSecret, patNode(created.id));
    expect(new Date((node.data as { node: { expiresAt: string } }).node.expiresAt).toISOString()).toBe(
      within.startsAt,
    );
    await screenshot(page, 'renewed');
  });

  it('rotates the token: with a grace period the old secret keeps working, with none it stops', async () => {
    const row = ourRow();
    await row.getByLabel('Grace period').selectOption('3600');
    await row.getByRole('button', { name: 'Rotate' }).click();
    const graced = await revealedSecret();
    expect(await page.getByTestId('secret-note').textContent()).toMatch(
      /^The old secret keeps working for 1 hour/,
    );
    expect(graced).not.toBe(created.secret);
    await screenshot(page, 'rotated-with-grace');
    expect(await statusOf(created.secret)).toBe(200);
    expect(await statusOf(graced)).toBe(200);
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    expect(await page.getByTestId('secret-reveal').count()).toBe(0);
    expect(await page.content()).not.toContain(graced);

    await row.getByLabel('Grace period').selectOption('0');
    await row.getByRole('button', { name: 'Rotate' }).click();
    const fresh = await revealedSecret();
    expect(await page.getByTestId('secret-note').textContent()).toBe(
      'The old secret stopped working at once.',
    );
    expect([created.secret, graced]).not.toContain(fresh);
    // Rotating without grace ends every earlier secret, the one still in its grace period too.
    expect(await statusOf(created.secret)).toBe(401);
    expect(await statusOf(graced)).toBe(401);
    expect(await statusOf(fresh)).toBe(200);
    created.secrets.push(graced, fresh);
    created.secret = fresh;
    await screenshot(page, 'rotated-without-grace');

    // A new second between the changes so far and the revocation, for the audit log's time filter (to
    // the second). What the test waits for is the clock itself (Keygate's, which runs in this process)
    // reading that second; a timer that fires early only means one more turn.
    const boundary = Math.ceil((Date.now() + 1) / 1000) * 1000;
    while (Date.now() < boundary) await new Promise((resolve) => setTimeout(resolve, boundary - Date.now()));
    created.beforeRevocation = new Date(boundary);
  });

  it('signs in with the token, revokes it, and is refused through the API and at sign-in', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(created.secret);
    // Signing in keeps the page the console was on.
    await page.getByRole('heading', { name: 'Personal access tokens' }).waitFor();
    await nav('Who am I');
    await expect.poll(() => page.getByTestId('viewer-credential-id').textContent()).toBe(created.id);

    await nav('Personal access tokens');
    const row = ourRow();
    await row.getByText('this session').waitFor();
    await row.getByRole('button', { name: 'Revoke' }).click();
    await screenshot(page, 'confirm-revoke');
    await row.getByRole('button', { name: 'Revoke and sign out' }).click();

    // The list reloads with the revoked token: Keygate answers UNAUTHENTICATED, the console signs out.
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
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await screenshot(page, 'sign-in-refused');
  });

  it('keeps the revoked token listed as revoked, and filters the list by state', async () => {
    await signIn(server.ownerSecret);
    await page.getByTestId('signed-in-as').waitFor();
    await nav('Personal access tokens');
    const row = ourRow();
    await row.getByText('revoked', { exact: true }).waitFor();
    const node = await callApi(server.url, server.ownerSecret, patNode(created.id));
    const revoked = (node.data as { node: { state: string; revokedAt: string } }).node;
    expect(revoked.state).toBe('REVOKED');
    expect(await row.locator(`[title="${revoked.revokedAt}"]`).count()).toBe(1);
    // A revoked token can be neither rotated, renewed nor revoked again; only renamed or deleted.
    expect(await row.getByRole('button', { name: /^(Rotate|Renew|Revoke)$/ }).count()).toBe(0);
    expect(await row.getByRole('button', { name: 'Delete' }).count()).toBe(1);

    const show = page.getByLabel('Show');
    await show.selectOption('REVOKED');
    await expect.poll(() => page.getByTestId('pat-row').count()).toBe(1);
    await row.waitFor();
    await screenshot(page, 'filter-revoked');
    await show.selectOption('ACTIVE');
    await row.waitFor({ state: 'detached' });
    // The owner's own first token is the active one.
    await expect.poll(() => page.getByTestId('pat-row').count()).toBe(1);
    await page.getByTestId('pat-row').getByText('this session').waitFor();
    await show.selectOption('EXPIRED');
    await page.getByText('No expired tokens.').waitFor();
    await show.selectOption('');
    await expect.poll(() => page.getByTestId('pat-row').count()).toBe(2);
  });
});

describe('console: audit log', () => {
  it("shows the token's events and narrows them to its target, its credential and a time range", async () => {
    await nav('Audit log');
    await page.locator('[data-action="pat.revoked"]').first().waitFor();
    await auditSettled();
    const actions = await auditActions();
    // Newest first: the refused uses, the revocation, … the creation.
    // Three refusals: the console's own reload right after the revocation, the API call, the sign-in.
    expect(actions.slice(0, 4)).toEqual(['auth.failed', 'auth.failed', 'auth.failed', 'pat.revoked']);
    expect(actions.at(-2)).toBe('pat.created');
    expect(actions.at(-1)).toBe('organization.bootstrapped');
    await page.getByTestId('live-status').getByText('Live').waitFor();
    await screenshot(page, 'audit');

    // Everything done to the token, refusals included.
    await page.locator('[data-action="pat.revoked"]').getByRole('link', { name: 'only this target' }).click();
    await expect.poll(() => page.url()).toContain(`targetId=${encodeURIComponent(created.id)}`);
    await auditSettled();
    expect(await auditActions()).toEqual([
      'pat.revoked',
      'pat.rotated',
      'pat.rotated',
      'pat.renewed',
      'pat.renewed',
      'pat.updated',
      'pat.updated',
      'pat.created',
    ]);
    expect(await page.getByLabel('Target', { exact: true }).inputValue()).toBe(created.id);
    const outcomes = await page
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((row) => row.querySelector('[class*="outcome-"]')?.textContent));
    expect(outcomes).toEqual([
      'success',
      'success',
      'success',
      'success',
      'failed',
      'success',
      'failed',
      'success',
    ]);
    await screenshot(page, 'audit-target');

    // What was done with the token (it revoked itself), and the refused attempts after that.
    await page
      .locator('[data-action="pat.revoked"]')
      .getByRole('link', { name: 'only this credential' })
      .click();
    await expect.poll(() => page.url()).toContain(`credentialId=${encodeURIComponent(created.id)}`);
    await auditSettled();
    expect(await auditActions()).toEqual(['auth.failed', 'auth.failed', 'auth.failed', 'pat.revoked']);
    await page.getByLabel('Outcome').selectOption('DENIED');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('outcome=DENIED');
    await auditSettled();
    expect(await auditActions()).toEqual(['auth.failed', 'auth.failed', 'auth.failed']);
    await screenshot(page, 'audit-credential');

    // Back goes to the filter before.
    await page.goBack();
    await auditSettled();
    expect(page.url()).not.toContain('outcome=');
    expect(await auditActions()).toEqual(['auth.failed', 'auth.failed', 'auth.failed', 'pat.revoked']);

    // A time range: from the second before the revocation on, and up to it.
    const boundary = await page.evaluate((iso) => {
      const date = new Date(iso);
      const pad = (v: number) => String(v).padStart(2, '0');
      return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(
        date.getHours(),
      )}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
    }, created.beforeRevocation.toISOString());
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await auditSettled();
    await page.getByLabel('From', { exact: true }).fill(boundary);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('from=');
    await auditSettled();
    expect(await auditActions()).toEqual(['auth.failed', 'auth.failed', 'auth.failed', 'pat.revoked']);
    await page.getByLabel('From', { exact: true }).fill('');
    await page.getByLabel('To', { exact: true }).fill(boundary);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).not.toContain('from=');
    await auditSettled();
    const earlier = await auditActions();
    expect(earlier[0]).toBe('pat.rotated');
    expect(earlier).not.toContain('pat.revoked');
    expect(earlier).not.toContain('auth.failed');
    expect(earlier.at(-1)).toBe('organization.bootstrapped');
    await screenshot(page, 'audit-time-range');

    // Something that is not an id is refused next to the form, in words, before Keygate is asked.
    await page.getByLabel('Actor', { exact: true }).fill('not-an-id');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    const error = page.getByRole('form', { name: 'Filter the audit log' }).getByRole('alert');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/^Actor: is not a Keygate id/);
    expect(page.url()).not.toContain('actorId');
  });

  it('adds new events live, only those the filter lets through', async () => {
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await auditSettled();
    const rows = page.getByTestId('audit-row');

    // A token another client creates, then the log narrowed to it.
    const result = await callApi(server.url, server.ownerSecret, createPat('e2e live'));
    const live = (result.data as { createPersonalAccessToken: { personalAccessToken: { id: string } } })
      .createPersonalAccessToken.personalAccessToken;
    await page.locator('[data-action="pat.created"]').first().waitFor();
    await page.getByLabel('Target', { exact: true }).fill(live.id);
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('targetId=');
    await auditSettled();
    expect(await auditActions()).toEqual(['pat.created']);
    await page.getByTestId('live-status').getByText('Live').waitFor();

    // Its rename arrives without a reload; another token's creation and the other token's rename do not.
    const other = await callApi(server.url, server.ownerSecret, createPat('e2e other'));
    const otherId = (other.data as { createPersonalAccessToken: { personalAccessToken: { id: string } } })
      .createPersonalAccessToken.personalAccessToken.id;
    await callApi(server.url, server.ownerSecret, renamePat(otherId, 'e2e other renamed'));
    await callApi(server.url, server.ownerSecret, renamePat(live.id, 'e2e live renamed'));
    await expect.poll(auditActions).toEqual(['pat.updated', 'pat.created']);
    expect(await rows.first().getByText('new').count()).toBe(1);
    await screenshot(page, 'audit-live-target');

    // An action filter, likewise: the deletion appears at the top, the creation before it stays out.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await auditSettled();
    await page.getByLabel('Action').fill('pat.deleted');
    await page.getByLabel('Outcome').selectOption('SUCCESS');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await expect.poll(() => page.url()).toContain('action=pat.deleted');
    await auditSettled();
    await page.getByText('No events match.').waitFor();
    await page.getByTestId('live-status').getByText('Live').waitFor();
    const doomed = await callApi(server.url, server.ownerSecret, createPat('e2e doomed'));
    const doomedId = (doomed.data as { createPersonalAccessToken: { personalAccessToken: { id: string } } })
      .createPersonalAccessToken.personalAccessToken.id;
    await callApi(server.url, server.ownerSecret, deletePat(doomedId));
    await expect.poll(auditActions).toEqual(['pat.deleted']);
    await screenshot(page, 'audit-live-action');

    // Unfiltered again, a creation arrives live too.
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await auditSettled();
    await page.getByTestId('live-status').getByText('Live').waitFor();
    const before = await rows.count();
    await callApi(server.url, server.ownerSecret, createPat('e2e live 2'));
    await expect.poll(() => rows.count()).toBe(before + 1);
    expect(await rows.first().getAttribute('data-action')).toBe('pat.created');
    expect(pageErrors).toEqual([]);
  });
});
