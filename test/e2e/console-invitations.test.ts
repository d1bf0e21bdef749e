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

// The accept page: a person opens the link an administrator sent, accepts, and signs in with the token it
// gives; a person who already uses Keygate is told to sign in first.

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-invitations');

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

async function invite(email: string, name: string): Promise<string> {
  const body = await callApi(
    server.url,
    server.ownerSecret,
    `mutation { inviteMember(input: { email: "${email}", name: "${name}", role: AUDITOR }) {
      ... on InviteMemberPayload { code } } }`,
  );
  return (body.data as { inviteMember: { code: string } }).inviteMember.code;
}

describe('console: accepting an invitation', () => {
  it('accepts a link with the code, shows the token once, and signs in with it', async () => {
    const code = await invite('new.person@example.test', 'New Person');
    await page.goto(`${server.url}/console/accept#${code}`);
    await page.getByRole('heading', { name: 'Accept an invitation' }).waitFor();
    expect(await page.getByLabel('Invitation code').inputValue()).toBe(code);
    await page.getByLabel('Your name (optional)').fill('Nova');
    await screenshot(page, 'link-opened');
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await page.getByText('You joined').waitFor();
    const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^kg_pat_/);
    // The spent code is gone from the address bar.
    expect(new URL(page.url()).hash).toBe('');
    await screenshot(page, 'accepted');
    await page.getByRole('button', { name: 'Sign in with it' }).click();
    await page.getByTestId('signed-in-as').getByText('new.person@example.test').waitFor();
    const viewer = await callApi(server.url, secret, '{ viewer { user { name } organization { id } } }');
    expect(viewer.data).toMatchObject({ viewer: { user: { name: 'Nova' } } });
    await screenshot(page, 'signed-in');
    expect(pageErrors).toEqual([]);
  });

  it('tells a person who already uses Keygate to sign in with their own token, and a wrong code that it is', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    const code = await invite('admin@keygate.local', 'Admin again');
    await page.goto(`${server.url}/console/accept#${code}`);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    const error = page.getByRole('form', { name: 'Accept an invitation' }).getByRole('alert');
    await error.getByText('sign in with your own personal access token').waitFor();
    expect(await error.textContent()).not.toMatch(/[{}"]|INVALID_STATE/);
    await screenshot(page, 'known-person');
    const mistyped = await invite('mistyped@example.test', 'Mistyped');
    await page.goto(`${server.url}/console/accept`);
    await page
      .getByLabel('Invitation code')
      .fill(`${mistyped.slice(0, -1)}${mistyped.endsWith('x') ? 'y' : 'x'}`);
    await page.getByRole('button', { name: 'Accept invitation' }).click();
    await error.getByText('Invitation not found, expired, revoked or already used').waitFor();
    await screenshot(page, 'unknown-code');
    expect(pageErrors).toEqual([]);
  });
});
