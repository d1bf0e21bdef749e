import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret } from '../../src/domain/secrets.js';
import {
  callApi,
  collectPageErrors,
  type E2EKeygate,
  launchBrowser,
  screenshotter,
  startE2EKeygate,
} from '../support/browser.js';

// A machine identity's tokens made with every setting createToken takes (trusted addresses, permissions,
// TTL and renewal ceiling, use and request limits), with Keygate's refusals shown under the field they
// name; a key set on a token; the identity disabled, enabled, and all of its tokens revoked at once.
// The tests run in order on one page.

const VIEWER = '{ viewer { kind permissions credential { id } } }';

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let identityId = '';
const screenshot = screenshotter('console-tokens-advanced');
const secrets: Record<string, string> = {};

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
  const created = await callApi(
    server.url,
    server.ownerSecret,
    `mutation { createMachineIdentity(input: { name: "deploy-bot", role: ADMIN }) {
      ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  identityId = (created.data as { createMachineIdentity: { machineIdentity: { id: string } } })
    .createMachineIdentity.machineIdentity.id;
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
  await page.goto(`${server.url}/console/identities/${encodeURIComponent(identityId)}`);
  await page.getByLabel('Token', { exact: true }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'deploy-bot' }).waitFor();
}

const form = () => page.getByRole('form', { name: 'Create a token' });
const tokenRow = (name: string) => page.getByTestId('token-row').filter({ hasText: name });
const statusOf = async (secret: string) => (await callApi(server.url, secret, VIEWER)).status;

/** The message a field shows under it: the element its aria-describedby names last. */
async function fieldError(label: string) {
  const field = form().getByLabel(label, { exact: true });
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  return (await page.locator(`[id="${ids.at(-1)}"]`).textContent()) ?? '';
}

async function takeSecret(name: string) {
  await page.getByTestId('secret-reveal').waitFor();
  const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
  expect(secret).toMatch(/^kg_tok_/);
  secrets[name] = secret;
  await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
  return secret;
}

interface TokenNode {
  name: string;
  ttl: number;
  maxTtl: number;
  numUsesLimit: number;
  trustedIps: string[];
  scopes: string[];
  requestLimit: number;
  requestLimitWindow: number;
  state: string;
}

async function tokensOfIdentity(): Promise<TokenNode[]> {
  const answer = await callApi(
    server.url,
    server.ownerSecret,
    `{ tokens(first: 50, identityId: "${identityId}") { edges { node {
      name ttl maxTtl numUsesLimit trustedIps scopes requestLimit requestLimitWindow state } } } }`,
  );
  return (answer.data as { tokens: { edges: { node: TokenNode }[] } }).tokens.edges.map((e) => e.node);
}

describe('console: tokens with every setting', () => {
  it('shows each refusal under the field Keygate names, and makes nothing', async () => {
    await signIn(server.ownerSecret);
    await form().getByLabel('Name', { exact: true }).fill('ci');
    await form().getByLabel('Trusted addresses').fill('127.0.0.1/32\nnot-an-address');
    await form().getByRole('button', { name: 'Create token' }).click();
    expect(await fieldError('Trusted addresses')).toContain(
      '"not-an-address" is not an IP address or CIDR range',
    );
    // The other fields are not marked, and nothing was made.
    expect(await form().getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await screenshot(page, 'trusted-addresses-refused');

    await form().getByLabel('Trusted addresses').fill('127.0.0.1/32');
    await form().getByLabel('Time to live').selectOption({ label: '30 days, renewable' });
    await form().getByLabel('Renewal ceiling').selectOption({ label: '1 day' });
    await form().getByRole('button', { name: 'Create token' }).click();
    expect(await fieldError('Time to live')).toBe('must not exceed maxTtl');
    expect(await form().getByLabel('Trusted addresses').getAttribute('aria-invalid')).toBeNull();

    // Narrowed to a permission the identity does not hold (an ADMIN identity cannot manage members).
    await form().getByLabel('Renewal ceiling').selectOption({ label: 'no ceiling' });
    await form().getByText("All of the identity's, or narrow it to…").click();
    await form().getByRole('checkbox', { name: 'member:manage' }).check();
    await form().getByRole('button', { name: 'Create token' }).click();
    const scopes = form().getByRole('group', { name: 'Permissions' });
    await expect.poll(() => scopes.getByRole('alert').textContent()).toContain('member:manage');
    await screenshot(page, 'permissions-refused');
    expect(await tokensOfIdentity()).toEqual([]);
  });

  it('makes a token with trusted addresses, permissions, TTL, ceiling and limits, and shows its secret once', async () => {
    await form().getByRole('checkbox', { name: 'member:manage' }).uncheck();
    await form().getByRole('checkbox', { name: 'identity:read' }).check();
    await form().getByRole('checkbox', { name: 'token:read' }).check();
    await form().getByLabel('Trusted addresses').fill('127.0.0.1/32\n::1');
    await form().getByLabel('Time to live').selectOption({ label: '1 day, renewable' });
    await form().getByLabel('Renewal ceiling').selectOption({ label: '7 days' });
    await form().getByLabel('Use limit').fill('50');
    await form().getByLabel('Request limit').fill('100');
    await form().getByLabel('Request window').fill('30');
    await form().getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('secret-reveal').waitFor();
    await screenshot(page, 'token-created');
    const secret = await takeSecret('ci');
    expect(await page.content()).not.toContain(secret);
    // The form is empty again for the next one.
    expect(await form().getByLabel('Trusted addresses').inputValue()).toBe('');

    expect(await tokensOfIdentity()).toEqual([
      {
        name: 'ci',
        ttl: 86_400,
        maxTtl: 7 * 86_400,
        numUsesLimit: 50,
        trustedIps: ['127.0.0.1/32', '::1/128'],
        scopes: ['identity:read', 'token:read'],
        requestLimit: 100,
        requestLimitWindow: 30,
        state: 'ACTIVE',
      },
    ]);
    await tokenRow('ci').getByText('from 127.0.0.1/32, ::1/128; only identity:read, token:read').waitFor();
    // It works from the address it trusts (this test's), narrowed to what was checked.
    const viewer = await callApi(server.url, secret, VIEWER);
    expect((viewer.data as { viewer: { permissions: string[] } }).viewer.permissions.sort()).toEqual([
      'identity:read',
      'token:read',
    ]);
    await screenshot(page, 'token-listed');
  });

  it('sets a pasted key: masked, emptied on submit, refused with words, never shown again', async () => {
    await tokenRow('ci').getByRole('button', { name: 'Set key' }).click();
    const keyForm = page.getByRole('form', { name: 'Set the key of ci' });
    const keyField = keyForm.getByLabel('New key');
    expect(await keyField.getAttribute('type')).toBe('password');

    // Too short for a key brought from another product (KEYGATE_IMPORTED_KEY_MIN_LENGTH, 32).
    await keyField.fill('not-a-key');
    await keyForm.getByRole('button', { name: 'Set key' }).click();
    await expect.poll(() => keyField.getAttribute('aria-invalid')).toBe('true');
    expect(await keyForm.getByRole('alert').textContent()).toContain('must be 32 to 512 characters long');
    expect(await keyField.inputValue()).toBe('');
    await screenshot(page, 'set-key-refused');

    // A key another credential already uses cannot be taken: another identity's token, say.
    const other = await callApi(
      server.url,
      server.ownerSecret,
      `mutation { createMachineIdentity(input: { name: "other-bot" }) {
        ... on MachineIdentityPayload { machineIdentity { id } } } }`,
    );
    const otherId = (other.data as { createMachineIdentity: { machineIdentity: { id: string } } })
      .createMachineIdentity.machineIdentity.id;
    const otherToken = await callApi(
      server.url,
      server.ownerSecret,
      `mutation { createToken(input: { identityId: "${otherId}", name: "theirs" }) {
        ... on TokenSecretPayload { secret } } }`,
    );
    const taken = (otherToken.data as { createToken: { secret: string } }).createToken.secret;
    await keyField.fill(taken);
    await keyForm.getByRole('button', { name: 'Set key' }).click();
    await keyForm.getByText('this key cannot be used; generate a new one').waitFor();
    expect(await keyField.inputValue()).toBe('');
    expect(await statusOf(taken)).toBe(200);

    const key = generateSecret('TOKEN');
    await keyField.fill(key);
    await keyForm.getByRole('button', { name: 'Set key' }).click();
    await tokenRow('ci')
      .getByRole('status')
      .getByText("the token's earlier secrets no longer work")
      .waitFor();
    expect(await page.getByRole('form', { name: 'Set the key of ci' }).count()).toBe(0);
    await screenshot(page, 'key-set');
    expect(await page.content()).not.toContain(key);
    expect(await page.evaluate(() => JSON.stringify(sessionStorage))).not.toContain(key);
    expect(await statusOf(secrets.ci!)).toBe(401);
    expect(await statusOf(key)).toBe(200);
    secrets.ci = key;
  });

  it('disables the identity after asking, so that its tokens stop; enabling brings them back', async () => {
    const danger = page.getByRole('region', { name: 'Danger zone' });
    await danger.getByRole('button', { name: 'Disable this identity' }).click();
    await danger.getByRole('button', { name: 'Cancel' }).click();
    expect(await statusOf(secrets.ci!)).toBe(200);
    await danger.getByRole('button', { name: 'Disable this identity' }).click();
    await danger.getByRole('button', { name: 'Disable: its tokens stop working' }).click();
    await page.getByRole('heading', { name: 'deploy-bot' }).getByText('disabled').waitFor();
    await screenshot(page, 'identity-disabled');
    expect(await statusOf(secrets.ci!)).toBe(401);

    await danger.getByRole('button', { name: 'Enable this identity' }).click();
    await danger.getByRole('button', { name: 'Disable this identity' }).waitFor();
    expect(await page.getByRole('heading', { name: 'deploy-bot' }).getByText('disabled').count()).toBe(0);
    expect(await statusOf(secrets.ci!)).toBe(200);
  });

  it('revokes every token of the identity at once, after asking', async () => {
    await form().getByLabel('Name', { exact: true }).fill('second');
    await form().getByRole('button', { name: 'Create token' }).click();
    const second = await takeSecret('second');
    expect(await statusOf(second)).toBe(200);

    const danger = page.getByRole('region', { name: 'Danger zone' });
    await danger.getByRole('button', { name: 'Revoke all tokens' }).click();
    await danger.getByRole('button', { name: 'Revoke every token for good' }).click();
    await danger.getByRole('status').getByText('Revoked 2 tokens.').waitFor();
    await tokenRow('second').getByText('revoked', { exact: true }).waitFor();
    await tokenRow('ci').getByText('revoked', { exact: true }).waitFor();
    await screenshot(page, 'all-revoked');
    expect(await statusOf(second)).toBe(401);
    expect(await statusOf(secrets.ci!)).toBe(401);
    expect((await tokensOfIdentity()).map((token) => token.state)).toEqual(['REVOKED', 'REVOKED']);
    // A revoked token gets no new key.
    expect(await tokenRow('ci').getByRole('button', { name: 'Set key' }).count()).toBe(0);
  });

  it('tells a token without token:set_key that it may not, in words', async () => {
    await form().getByLabel('Name', { exact: true }).fill('third');
    await form().getByRole('button', { name: 'Create token' }).click();
    await takeSecret('third');
    const narrow = await callApi(
      server.url,
      server.ownerSecret,
      `mutation { createPersonalAccessToken(input: { description: "readers", scopes: ["identity:read", "token:read"], expiresAt: "${new Date(
        Date.now() + 86_400_000,
      ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret } } }`,
    );
    const secret = (narrow.data as { createPersonalAccessToken: { secret: string } })
      .createPersonalAccessToken.secret;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(secret);
    await tokenRow('third').getByRole('button', { name: 'Set key' }).click();
    const keyForm = page.getByRole('form', { name: 'Set the key of third' });
    await keyForm.getByLabel('New key').fill(generateSecret('TOKEN'));
    await keyForm.getByRole('button', { name: 'Set key' }).click();
    await keyForm.getByRole('alert').getByText('Your token is not allowed to do this').waitFor();
    expect(await keyForm.getByLabel('New key').inputValue()).toBe('');
    await screenshot(page, 'set-key-forbidden');
    expect(pageErrors).toEqual([]);
  });
});
