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

// The members page: inviting a person (the link shown once), revoking an invitation, changing a member's
// role, the last owner kept, removing a member. The tests run in order on one page.

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-members');
let joinedSecret = '';

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
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

const inviteForm = () => page.getByRole('form', { name: 'Invite a person' });
const memberRow = (text: string) => page.getByTestId('member-row').filter({ hasText: text });
const invitationRow = (text: string) => page.getByTestId('invitation-row').filter({ hasText: text });

async function members(): Promise<{ name: string; role: string; user: { email: string } }[]> {
  const answer = await callApi(
    server.url,
    server.ownerSecret,
    '{ members(first: 50) { edges { node { name role user { email } } } } }',
  );
  return (answer.data as { members: { edges: { node: never }[] } }).members.edges.map((edge) => edge.node);
}

/** A call without any credential, as a person new to Keygate accepts an invitation. */
async function anonymous(query: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data: { acceptInvitation: { __typename: string; secret?: string } } };
}

async function invite(email: string, name: string) {
  await inviteForm().getByLabel('E-mail').fill(email);
  await inviteForm().getByLabel('Name', { exact: true }).fill(name);
  await inviteForm().getByRole('button', { name: 'Invite' }).click();
  await page.getByTestId('secret-reveal').waitFor();
  const link = (await page.getByTestId('secret-value').textContent()) ?? '';
  await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
  return link;
}

describe('console: members and invitations', () => {
  it('lists the members and refuses an invitation to no e-mail address, under the field', async () => {
    await page.goto(`${server.url}/console/members`);
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    await memberRow('admin@keygate.local').getByText('(you)').waitFor();

    await inviteForm().getByLabel('E-mail').fill('not an address');
    await inviteForm().getByLabel('Name', { exact: true }).fill('Nobody');
    await inviteForm().getByRole('button', { name: 'Invite' }).click();
    const email = inviteForm().getByLabel('E-mail');
    await expect.poll(() => email.getAttribute('aria-invalid')).toBe('true');
    await inviteForm().getByRole('alert').getByText('must be an e-mail address').waitFor();
    await screenshot(page, 'invalid-invitation');
    const pending = await callApi(server.url, server.ownerSecret, '{ invitations(first: 5) { totalCount } }');
    expect(pending.data).toEqual({ invitations: { totalCount: 0 } });
  });

  it('invites a person: the link is shown once and opens the accept page with the code', async () => {
    await inviteForm().getByLabel('Role').selectOption('AUDITOR');
    await inviteForm().getByLabel('E-mail').fill('nova@example.test');
    await inviteForm().getByLabel('Name', { exact: true }).fill('Nova');
    await inviteForm().getByRole('button', { name: 'Invite' }).click();
    await page.getByTestId('secret-reveal').waitFor();
    await screenshot(page, 'invitation-link');
    const link = (await page.getByTestId('secret-value').textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${server.url}/console/accept#kg_inv_`));
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    expect(await page.content()).not.toContain(link.split('#')[1]!);
    await invitationRow('nova@example.test').getByText('auditor').waitFor();

    const code = link.split('#')[1]!;
    await page.goto(link);
    await page.getByRole('heading', { name: 'Accept an invitation' }).waitFor();
    expect(await page.getByLabel('Invitation code').inputValue()).toBe(code);
    await page.goto(`${server.url}/console/members`);
    await page.getByRole('heading', { name: 'Members' }).waitFor();
    // The person accepts it (as the accept page does) and is a member from then on.
    const accepted = await anonymous(
      `mutation { acceptInvitation(input: { code: "${code}" }) { __typename ... on AcceptInvitationPayload { secret } } }`,
    );
    joinedSecret = accepted.data.acceptInvitation.secret ?? '';
    expect(joinedSecret).toMatch(/^kg_pat_/);
  });

  it('revokes an invitation after asking: its code stops working', async () => {
    const link = await invite('later@example.test', 'Later');
    await invitationRow('later@example.test').getByRole('button', { name: 'Revoke' }).click();
    await invitationRow('later@example.test').getByRole('button', { name: 'Revoke the invitation' }).click();
    await invitationRow('later@example.test').waitFor({ state: 'detached' });
    const refused = await anonymous(
      `mutation { acceptInvitation(input: { code: "${link.split('#')[1]}" }) { __typename } }`,
    );
    // A revoked code answers as one that never was.
    expect(refused.data.acceptInvitation.__typename).toBe('NotFoundError');
  });

  it("changes a member's role, and keeps the last owner", async () => {
    await page.reload();
    await memberRow('nova@example.test').waitFor();
    // The invitation it came from is no longer pending.
    expect(await invitationRow('nova@example.test').count()).toBe(0);
    await memberRow('nova@example.test').getByLabel('Role of Nova', { exact: true }).selectOption('ADMIN');
    await memberRow('nova@example.test').getByRole('button', { name: 'Change role' }).click();
    await memberRow('nova@example.test').getByRole('status').getByText('Role changed to admin.').waitFor();
    expect((await members()).find((m) => m.user.email === 'nova@example.test')?.role).toBe('ADMIN');
    await screenshot(page, 'role-changed');

    const you = memberRow('admin@keygate.local');
    await you.getByLabel('Role of Administrator', { exact: true }).selectOption('MEMBER');
    await you.getByRole('button', { name: 'Change role' }).click();
    await you.getByRole('alert').getByText('an organization must keep at least one owner').waitFor();
    expect(await you.getByLabel('Role of Administrator', { exact: true }).inputValue()).toBe('OWNER');
    expect((await members()).find((m) => m.user.email === 'admin@keygate.local')?.role).toBe('OWNER');
    await screenshot(page, 'last-owner-kept');
  });

  it('removes a member after asking: their token stops working', async () => {
    expect((await callApi(server.url, joinedSecret, '{ viewer { kind } }')).status).toBe(200);
    await memberRow('nova@example.test').getByRole('button', { name: 'Remove' }).click();
    await memberRow('nova@example.test')
      .getByRole('button', { name: 'Remove and delete their tokens' })
      .click();
    await memberRow('nova@example.test').waitFor({ state: 'detached' });
    expect((await members()).map((m) => m.user.email)).toEqual(['admin@keygate.local']);
    expect((await callApi(server.url, joinedSecret, '{ viewer { kind } }')).status).toBe(401);
    await screenshot(page, 'member-removed');
  });

  it('tells a member without member:manage that they may not, in words', async () => {
    const narrow = await callApi(
      server.url,
      server.ownerSecret,
      `mutation { createPersonalAccessToken(input: { description: "reader", scopes: ["member:read"], expiresAt: "${new Date(
        Date.now() + 86_400_000,
      ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret } } }`,
    );
    const secret = (narrow.data as { createPersonalAccessToken: { secret: string } })
      .createPersonalAccessToken.secret;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token', { exact: true }).fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await memberRow('admin@keygate.local').waitFor();
    await inviteForm().getByLabel('E-mail').fill('someone@example.test');
    await inviteForm().getByLabel('Name', { exact: true }).fill('Someone');
    await inviteForm().getByRole('button', { name: 'Invite' }).click();
    await inviteForm().getByRole('alert').getByText('Your token is not allowed to do this').waitFor();
    await screenshot(page, 'forbidden');
    expect(pageErrors).toEqual([]);
  });
});
