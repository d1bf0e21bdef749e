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

// Editing a machine identity's token (name, trusted addresses, permissions, use limit) and a personal
// access token's description and permissions: a refused field shows Keygate's words under it and changes
// nothing; a saved edit shows in the row, is what the server holds, and is what the credential can then
// do. The tests run in order on one page.

const VIEWER = '{ viewer { kind permissions credential { id } } }';

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let identityId = '';
const token = { id: '', secret: '' };
const screenshot = screenshotter('console-token-edit');

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
  const created = await owner<{ createMachineIdentity: { machineIdentity: { id: string } } }>(
    `mutation { createMachineIdentity(input: { name: "deploy-bot", role: ADMIN }) {
      ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  identityId = created.createMachineIdentity.machineIdentity.id;
  const made = await owner<{ createToken: { secret: string; token: { id: string } } }>(
    `mutation { createToken(input: { identityId: "${identityId}", name: "ci", numUsesLimit: 10,
      scopes: ["identity:read", "token:read"] }) { ... on TokenSecretPayload { secret token { id } } } }`,
  );
  token.id = made.createToken.token.id;
  token.secret = made.createToken.secret;
  // Three uses spent, counted as they happen (the token has a use limit).
  for (let use = 0; use < 3; use += 1) {
    expect((await callApi(server.url, token.secret, VIEWER)).status).toBe(200);
  }
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, 'FAILED');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

interface TokenState {
  name: string;
  trustedIps: string[];
  scopes: string[];
  numUses: number;
  numUsesLimit: number;
}

async function tokenOnServer(): Promise<TokenState> {
  const data = await owner<{ node: TokenState }>(
    `{ node(id: "${token.id}") { ... on Token { name trustedIps scopes numUses numUsesLimit } } }`,
  );
  return data.node;
}

const tokenRow = (name: string) => page.getByTestId('token-row').filter({ hasText: name });
const editForm = (name: string) => page.getByRole('form', { name: `Edit token ${name}` });

/** The message a field shows under it: the element its aria-describedby names last. */
async function fieldError(form: ReturnType<typeof editForm>, label: string) {
  const field = form.getByLabel(label, { exact: true });
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  return (await page.locator(`[id="${ids.at(-1)}"]`).textContent()) ?? '';
}

describe('console: editing a token', () => {
  it('shows each refusal under the field Keygate names, and changes nothing', async () => {
    const before = await tokenOnServer();
    expect(before).toEqual({
      name: 'ci',
      trustedIps: [],
      scopes: ['identity:read', 'token:read'],
      numUses: 3,
      numUsesLimit: 10,
    });
    await page.goto(`${server.url}/console/identities/${encodeURIComponent(identityId)}`);
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await tokenRow('ci').getByRole('button', { name: 'Edit' }).click();
    const form = editForm('ci');
    // The form holds what the token has now.
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('ci');
    expect(await form.getByLabel('Use limit').inputValue()).toBe('10');
    expect(await form.getByRole('checkbox', { name: 'token:read' }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: 'audit:read' }).isChecked()).toBe(false);

    // Fewer uses than were already spent.
    await form.getByLabel('Use limit').fill('2');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(form, 'Use limit')).toBe(
      'must be 0 (unlimited) or at least 3, the uses already spent',
    );
    expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'use-limit-refused');
    expect(await tokenOnServer()).toEqual(before);

    // Not a CIDR range.
    await form.getByLabel('Use limit').fill('10');
    await form.getByLabel('Trusted addresses').fill('10.0.0.0/33');
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(form, 'Trusted addresses')).toContain('"10.0.0.0/33"');
    expect(await form.getByLabel('Use limit').getAttribute('aria-invalid')).toBeNull();
    expect(await tokenOnServer()).toEqual(before);

    // A permission the identity does not hold (an ADMIN identity cannot manage members).
    await form.getByLabel('Trusted addresses').fill('');
    await form.getByRole('checkbox', { name: 'member:manage' }).check();
    await form.getByRole('button', { name: 'Save' }).click();
    const scopes = form.getByRole('group', { name: 'Permissions' });
    await expect.poll(() => scopes.getByRole('alert').textContent()).toContain('member:manage');
    await screenshot(page, 'permission-refused');
    expect(await tokenOnServer()).toEqual(before);
    // The row still says what the token is.
    expect(await tokenRow('ci').getByTestId('token-settings').textContent()).toContain(
      'only identity:read, token:read',
    );
  });

  it('saves name, addresses, permissions and use limit: the row and the server show them', async () => {
    const form = editForm('ci');
    await form.getByRole('checkbox', { name: 'member:manage' }).uncheck();
    await form.getByRole('checkbox', { name: 'token:read' }).uncheck();
    await form.getByLabel('Name', { exact: true }).fill('ci-edited');
    await form.getByLabel('Trusted addresses').fill('203.0.113.0/24');
    await form.getByLabel('Use limit').fill('20');
    await form.getByRole('button', { name: 'Save' }).click();
    await tokenRow('ci-edited')
      .getByTestId('token-settings')
      .getByText('from 203.0.113.0/24; only identity:read')
      .waitFor();
    expect(await editForm('ci').count()).toBe(0);
    expect(await tokenRow('ci-edited').getByRole('cell', { name: '3 of 20' }).count()).toBe(1);
    await screenshot(page, 'edited');
    expect(await tokenOnServer()).toEqual({
      name: 'ci-edited',
      trustedIps: ['203.0.113.0/24'],
      scopes: ['identity:read'],
      numUses: 3,
      numUsesLimit: 20,
    });
    // This test calls from 127.0.0.1, outside the one range the token now trusts.
    expect((await callApi(server.url, token.secret, VIEWER)).status).toBe(401);
  });

  it('lets the token in from a trusted address again, without the permission it dropped', async () => {
    await tokenRow('ci-edited').getByRole('button', { name: 'Edit' }).click();
    const form = editForm('ci-edited');
    expect(await form.getByLabel('Trusted addresses').inputValue()).toBe('203.0.113.0/24');
    await form.getByLabel('Trusted addresses').fill('203.0.113.0/24\n127.0.0.1');
    await form.getByRole('button', { name: 'Save' }).click();
    await tokenRow('ci-edited').getByText('from 203.0.113.0/24, 127.0.0.1/32; only identity:read').waitFor();

    const viewer = await callApi(server.url, token.secret, VIEWER);
    expect(viewer.status).toBe(200);
    expect((viewer.data as { viewer: { permissions: string[] } }).viewer.permissions).toEqual([
      'identity:read',
    ]);
    // identity:read still reads identities; token:read was dropped, so its tokens are refused.
    const identities = await callApi(server.url, token.secret, '{ machineIdentities { totalCount } }');
    expect(identities.errors).toBeUndefined();
    const tokens = await callApi(
      server.url,
      token.secret,
      `{ tokens(identityId: "${identityId}") { totalCount } }`,
    );
    expect(tokens.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Each of those was a use: the row counts them.
    await page.reload();
    await tokenRow('ci-edited').getByRole('cell', { name: '6 of 20' }).waitFor();
    await screenshot(page, 'trusted-again');
  });
});

describe('console: editing a personal access token', () => {
  const pat = { id: '', secret: '' };
  const patRow = (description: string) => page.getByTestId('pat-row').filter({ hasText: description });
  const patOnServer = async () =>
    (
      await owner<{ node: { description: string; scopes: string[] } }>(
        `{ node(id: "${pat.id}") { ... on PersonalAccessToken { description scopes } } }`,
      )
    ).node;

  beforeAll(async () => {
    const created = await owner<{
      createPersonalAccessToken: { secret: string; personalAccessToken: { id: string } };
    }>(
      `mutation { createPersonalAccessToken(input: { description: "laptop", scopes: ["identity:read", "token:read"],
        expiresAt: "${new Date(Date.now() + 86_400_000).toISOString()}" }) {
        ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } } } }`,
    );
    pat.id = created.createPersonalAccessToken.personalAccessToken.id;
    pat.secret = created.createPersonalAccessToken.secret;
  });

  it('refuses an empty description under its field, changing nothing', async () => {
    await page.goto(`${server.url}/console/personal-access-tokens`);
    await patRow('laptop').getByRole('button', { name: 'Edit' }).click();
    const form = editForm('laptop');
    await form.getByLabel('Description').fill('   ');
    await form.getByRole('checkbox', { name: 'token:read' }).uncheck();
    await form.getByRole('button', { name: 'Save' }).click();
    expect(await fieldError(form, 'Description')).toBe('must not be empty');
    await screenshot(page, 'pat-description-refused');
    expect(await patOnServer()).toEqual({ description: 'laptop', scopes: ['identity:read', 'token:read'] });
  });

  it('narrows its permissions and renames it: the row, the server and the token agree', async () => {
    const form = editForm('laptop');
    await form.getByLabel('Description').fill('laptop (read only)');
    await form.getByRole('button', { name: 'Save' }).click();
    await patRow('laptop (read only)').getByTestId('pat-scopes').getByText('identity:read').waitFor();
    expect(await patRow('laptop (read only)').getByTestId('pat-scopes').textContent()).toBe('identity:read');
    await screenshot(page, 'pat-edited');
    expect(await patOnServer()).toEqual({ description: 'laptop (read only)', scopes: ['identity:read'] });
    const tokens = await callApi(
      server.url,
      pat.secret,
      `{ tokens(identityId: "${identityId}") { totalCount } }`,
    );
    expect(tokens.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const identities = await callApi(server.url, pat.secret, '{ machineIdentities { totalCount } }');
    expect(identities.errors).toBeUndefined();
    expect(pageErrors).toEqual([]);
  });
});
