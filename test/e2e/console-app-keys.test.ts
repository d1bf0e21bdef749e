import { randomUUID } from 'node:crypto';
import { importPKCS8, SignJWT } from 'jose';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  callApi,
  collectPageErrors,
  type E2EKeygate,
  launchBrowser,
  screenshotter,
  startE2EKeygate,
} from '../support/browser.js';

// Projects, applications and the life of their keys in the console: create (the key file shown once),
// rotate with and without a grace period, revoke, delete. Whether a key works is asked of Keygate the way
// a service would: with a client assertion signed by it. The tests run in order on one page.

interface KeyFile {
  type: string;
  keyId: string;
  key: string;
  appId: string;
  clientId: string;
}

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-app-keys');

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 860 }, acceptDownloads: true });
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

const keyRow = (file: KeyFile) => page.locator(`[data-testid="key-row"][data-key-id="${file.keyId}"]`);

/** The key file in the warning box, after checking that the box says it is shown once. */
async function revealedKeyFile(): Promise<KeyFile> {
  const reveal = page.getByTestId('secret-reveal');
  await reveal.getByText('Copy the key file now: it is shown only once').waitFor();
  expect(await reveal.textContent()).toContain('Keygate keeps only the public key');
  const file = JSON.parse((await page.getByTestId('secret-value').textContent()) ?? '') as KeyFile;
  expect(file).toMatchObject({ type: 'application' });
  expect(file.key).toContain('PRIVATE KEY');
  return file;
}

/** What Keygate answers a service that presents an assertion signed with this key file. */
async function authenticate(file: KeyFile): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const assertion = await new SignJWT({
    iss: file.clientId,
    sub: file.clientId,
    aud: server.keygate.services.config.issuer,
    iat: now,
    exp: now + 300,
    jti: randomUUID(),
  })
    .setProtectedHeader({ alg: 'RS256', kid: file.keyId })
    .sign(await importPKCS8(file.key, 'RS256'));
  const result = await callApi(
    server.url,
    server.ownerSecret,
    `mutation { authenticateClientAssertion(input: { assertion: "${assertion}" }) { valid code } }`,
  );
  return (result.data as { authenticateClientAssertion: { code: string } }).authenticateClientAssertion.code;
}

it('creates a project, an application and a key whose key file is shown once, then deletes the key', async () => {
  await page.goto(`${server.url}/console/app-keys`);
  await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await page.getByLabel('Name').fill('payments');
  await page.getByRole('button', { name: 'Create project' }).click();
  await page.getByRole('heading', { name: 'payments' }).waitFor();
  await page.getByLabel('Name').fill('billing-worker');
  await page.getByRole('button', { name: 'Create application' }).click();
  await page.getByRole('heading', { name: 'billing-worker' }).waitFor();

  await page.getByRole('button', { name: 'Create key' }).click();
  const file = await revealedKeyFile();
  await keyRow(file).getByText('active', { exact: true }).waitFor();
  expect(await authenticate(file)).toBe('VALID');
  await screenshot(page, 'key-file');

  // Back to the project and in again: the key file is gone, the key is listed.
  await page.getByRole('link', { name: 'payments' }).click();
  await page.getByRole('link', { name: 'billing-worker' }).click();
  const row = keyRow(file);
  await row.waitFor();
  expect(await page.getByTestId('secret-reveal').count()).toBe(0);
  expect(await page.content()).not.toContain('PRIVATE KEY');
  // A key pair has no name to change and is replaced by rotation, never extended.
  expect(await row.getByRole('button', { name: /Rename|Renew/ }).count()).toBe(0);

  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Delete for good' }).click();
  await page.getByText('No keys yet.').waitFor();
  expect(await authenticate(file)).toBe('NOT_FOUND');
  await screenshot(page, 'key-deleted');
});

it('rotates a key with a grace period, then without one: the new key file is shown once', async () => {
  await page.getByRole('button', { name: 'Create key' }).click();
  const first = await revealedKeyFile();
  await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
  const firstExpiry = await keyRow(first).getByTestId('key-expires').getAttribute('title');

  // With an hour's grace both keys work, and the old one's expiry is brought forward to the grace's end.
  await keyRow(first).getByLabel('Grace period').selectOption('3600');
  await keyRow(first).getByRole('button', { name: 'Rotate' }).click();
  const second = await revealedKeyFile();
  expect(second.keyId).not.toBe(first.keyId);
  expect(second.clientId).toBe(first.clientId);
  expect(await page.getByTestId('secret-note').textContent()).toMatch(
    new RegExp(`^The old key ${first.keyId} keeps working for 1 hour`),
  );
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download billing-worker-key.json' }).click();
  expect((await download).suggestedFilename()).toBe('billing-worker-key.json');
  await screenshot(page, 'rotated-with-grace');
  await expect.poll(() => keyRow(second).count()).toBe(1);
  expect(await authenticate(first)).toBe('VALID');
  expect(await authenticate(second)).toBe('VALID');
  const graceEnd = Date.parse((await keyRow(first).getByTestId('key-expires').getAttribute('title')) ?? '');
  expect(graceEnd).toBeLessThan(Date.parse(firstExpiry ?? ''));
  expect(Math.abs(graceEnd - (Date.now() + 3_600_000))).toBeLessThan(60_000);
  // The new key expires when the old one would have: rotation never lengthens a key's life.
  expect(await keyRow(second).getByTestId('key-expires').getAttribute('title')).toBe(firstExpiry);

  // Without grace the replaced key stops at once.
  await keyRow(second).getByLabel('Grace period').selectOption('0');
  await keyRow(second).getByRole('button', { name: 'Rotate' }).click();
  await expect
    .poll(() => page.getByTestId('secret-note').textContent())
    .toBe(`The old key ${second.keyId} stopped working at once.`);
  const third = await revealedKeyFile();
  expect([first.keyId, second.keyId]).not.toContain(third.keyId);
  expect(await authenticate(second)).toBe('EXPIRED');
  expect(await authenticate(third)).toBe('VALID');
  await keyRow(second).getByText('expired', { exact: true }).waitFor();
  await screenshot(page, 'rotated-without-grace');

  // Leaving the page drops the key file.
  await page.getByRole('link', { name: 'payments' }).click();
  await page.getByRole('link', { name: 'billing-worker' }).click();
  await keyRow(third).waitFor();
  expect(await page.getByTestId('secret-reveal').count()).toBe(0);
  expect(await page.content()).not.toContain('PRIVATE KEY');

  // Revoking asks first; the key stays listed as revoked and is refused from then on.
  const row = keyRow(third);
  await row.getByRole('button', { name: 'Revoke' }).click();
  await screenshot(page, 'confirm-revoke');
  await row.getByRole('button', { name: 'Revoke for good' }).click();
  await row.getByText('revoked', { exact: true }).waitFor();
  expect(await row.getByRole('button', { name: /^(Rotate|Revoke)$/ }).count()).toBe(0);
  expect(await authenticate(third)).toBe('REVOKED');
  expect(await authenticate(first)).toBe('VALID');
  await screenshot(page, 'key-revoked');

  // The list by state: the first key in its grace is active, the second expired, the third revoked.
  const rows = page.getByTestId('key-row');
  const shown = () => rows.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-key-id')));
  const show = page.getByLabel('Show');
  await show.selectOption('ACTIVE');
  await expect.poll(shown).toEqual([first.keyId]);
  await show.selectOption('EXPIRED');
  await expect.poll(shown).toEqual([second.keyId]);
  await show.selectOption('REVOKED');
  await expect.poll(shown).toEqual([third.keyId]);
  await screenshot(page, 'filter-revoked');
  await show.selectOption('');
  await expect.poll(shown).toEqual([third.keyId, second.keyId, first.keyId]);

  // The audit log has the first key's story: its creation and its rotation.
  await keyRow(first).getByRole('link', { name: 'Audit events' }).click();
  await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  await expect
    .poll(() =>
      page.getByTestId('audit-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))),
    )
    .toEqual(['appkey.rotated', 'appkey.created']);
  expect(pageErrors).toEqual([]);
});
