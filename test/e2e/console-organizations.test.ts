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

// The organizations a person belongs to: listed in the header with their role, switched between (every
// request then names the organization), created, suspended and resumed, and deleted after typing the name.
// The tests run in order on one page, as one owner.

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-organizations');
const home = { id: '', name: '' };
const research = { id: '', name: 'Acme research' };

interface ListedOrganization {
  id: string;
  name: string;
  role: string;
  suspended: boolean;
  current: boolean;
}

async function api<T>(query: string, options: { token?: string; organization?: string } = {}): Promise<T> {
  const answer = await callApi(server.url, options.token ?? server.ownerSecret, query, options);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

async function organizationsOf(token = server.ownerSecret): Promise<ListedOrganization[]> {
  return (
    await api<{ viewer: { organizations: ListedOrganization[] } }>(
      '{ viewer { organizations { id name role suspended current } } }',
      { token },
    )
  ).viewer.organizations;
}

/** Accepts an invitation as someone with no credential yet; the token it gives. */
async function accept(code: string, token?: string): Promise<string> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      query: `mutation { acceptInvitation(input: { code: "${code}" }) { ... on AcceptInvitationPayload { secret } } }`,
    }),
  });
  return ((await response.json()) as { data: { acceptInvitation: { secret: string } } }).data.acceptInvitation
    .secret;
}

async function invite(email: string, organization?: string): Promise<string> {
  const invited = await api<{ inviteMember: { code: string } }>(
    `mutation { inviteMember(input: { email: "${email}", name: "Bound", role: MEMBER }) {
      ... on InviteMemberPayload { code } } }`,
    { organization },
  );
  return invited.inviteMember.code;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  pageErrors = collectPageErrors(page);
  const viewer = await api<{ viewer: { organization: { id: string; name: string } } }>(
    '{ viewer { organization { id name } } }',
  );
  Object.assign(home, viewer.viewer.organization);
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, 'FAILED');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const switcher = () => page.getByRole('button', { name: /^Organization: / });
const panel = () => page.getByRole('region', { name: 'Organizations' });
const option = (name: string) => panel().getByTestId('organization-option').filter({ hasText: name });
const current = () => page.getByTestId('current-organization');
const createForm = () => page.getByRole('form', { name: 'Create an organization' });

async function signIn(secret: string) {
  await page.getByLabel('Token', { exact: true }).fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function switchTo(name: string) {
  await switcher().click();
  await option(name).click();
  await expect.poll(() => current().textContent()).toBe(name);
}

async function fieldError(form: ReturnType<Page['getByRole']>, label: string) {
  const field = form.getByLabel(label, { exact: true });
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  return (await page.locator(`[id="${ids.at(-1)}"]`).textContent()) ?? '';
}

describe('console: organizations', () => {
  it('lists the organizations with the role, refuses a nameless one under its field, and switches to a new one', async () => {
    await page.goto(`${server.url}/console/`);
    await signIn(server.ownerSecret);
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();
    expect(await current().textContent()).toBe(home.name);
    await switcher().click();
    expect(await panel().getByTestId('organization-option').count()).toBe(1);
    expect(await option(home.name).innerText()).toMatch(/owner\s*current/);
    await screenshot(page, 'switcher');

    await createForm().getByRole('button', { name: 'Create organization' }).click();
    expect(await fieldError(createForm(), 'Name')).toBe('must be 1 to 100 characters');
    expect(await organizationsOf()).toHaveLength(1);
    await screenshot(page, 'create-refused');

    await createForm().getByLabel('Name', { exact: true }).fill(research.name);
    await createForm().getByRole('button', { name: 'Create organization' }).click();
    await expect.poll(() => current().textContent()).toBe(research.name);
    expect(await panel().count()).toBe(0);
    const listed = await organizationsOf();
    const created = listed.find((organization) => organization.name === research.name);
    expect(created).toMatchObject({ role: 'OWNER', suspended: false });
    research.id = created!.id;
    // Kept for the tab, like the token: a reload still acts in the new organization.
    expect(await page.evaluate(() => sessionStorage.getItem('keygate.console.organization'))).toBe(
      research.id,
    );
    const [reloaded] = await Promise.all([
      page.waitForRequest((request) => request.postData()?.includes('SessionViewer') ?? false),
      page.reload(),
    ]);
    expect(reloaded.headers()['x-keygate-organization']).toBe(research.id);
    await expect.poll(() => current().textContent()).toBe(research.name);
    await screenshot(page, 'created');
  });

  it("shows each organization's own data after switching", async () => {
    await api('mutation { createMachineIdentity(input: { name: "home-bot" }) { __typename } }');
    await api('mutation { createMachineIdentity(input: { name: "research-bot" }) { __typename } }', {
      organization: research.id,
    });
    await page.goto(`${server.url}/console/identities`);
    await page.getByRole('link', { name: 'research-bot' }).waitFor();
    expect(await page.getByRole('link', { name: 'home-bot' }).count()).toBe(0);

    await switchTo(home.name);
    await page.getByRole('link', { name: 'home-bot' }).waitFor();
    expect(await page.getByRole('link', { name: 'research-bot' }).count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('keygate.console.organization'))).toBe(home.id);
    await screenshot(page, 'switched');
    await switchTo(research.name);
    await page.getByRole('link', { name: 'research-bot' }).waitFor();
  });

  it('suspends the organization: a banner says so, its tokens are refused, and the owner can only resume it', async () => {
    const identity = await api<{ machineIdentities: { edges: { node: { id: string } }[] } }>(
      '{ machineIdentities(first: 1) { edges { node { id } } } }',
      { organization: research.id },
    );
    const token = await api<{ createToken: { secret: string } }>(
      `mutation { createToken(input: { identityId: "${identity.machineIdentities.edges[0]!.node.id}", name: "ci", ttl: 86400 }) {
        ... on TokenSecretPayload { secret } } }`,
      { organization: research.id },
    );
    const secret = token.createToken.secret;
    expect((await callApi(server.url, secret, '{ viewer { kind } }')).data).toEqual({
      viewer: { kind: 'MACHINE_IDENTITY' },
    });

    await page.goto(`${server.url}/console/settings`);
    const suspendForm = page.getByRole('form', { name: 'Suspend the organization' });
    await suspendForm.getByLabel('Reason', { exact: true }).fill('Incident 42: a leaked laptop');
    await suspendForm.getByRole('button', { name: 'Suspend organization' }).click();
    await suspendForm.getByRole('button', { name: 'Suspend: stop every credential' }).click();
    const banner = page.getByTestId('suspension-banner');
    await banner.getByText(`${research.name} is suspended`).waitFor();
    await banner.getByText('Incident 42: a leaked laptop').waitFor();
    // Only resuming is left: the settings and the other pages are gone from the navigation.
    await page.getByRole('form', { name: 'Resume the organization' }).waitFor();
    expect(await page.getByRole('form', { name: 'Organization settings' }).count()).toBe(0);
    const links = await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allInnerTexts();
    expect(links).toEqual(['Who am I', 'Organization']);
    await switcher().click();
    await option(research.name).getByText('suspended').waitFor();
    await screenshot(page, 'suspended');
    await switcher().click();

    expect((await organizationsOf()).find((o) => o.id === research.id)?.suspended).toBe(true);
    const refused = await callApi(server.url, secret, '{ viewer { kind } }');
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // What the owner still holds there is resuming.
    const owner = await api<{ viewer: { permissions: string[] } }>('{ viewer { permissions } }', {
      organization: research.id,
    });
    expect(owner.viewer.permissions).toEqual(['organization:resume']);

    await page
      .getByRole('form', { name: 'Resume the organization' })
      .getByLabel('Reason')
      .fill('Laptop wiped');
    await page.getByRole('button', { name: 'Resume organization' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByRole('form', { name: 'Organization settings' }).waitFor();
    expect((await organizationsOf()).find((o) => o.id === research.id)?.suspended).toBe(false);
    expect((await callApi(server.url, secret, '{ viewer { kind } }')).data).toEqual({
      viewer: { kind: 'MACHINE_IDENTITY' },
    });
    await screenshot(page, 'resumed');
  });

  it("refuses a mistyped name under its field, then deletes the organization and goes on in the token's own", async () => {
    const deleteForm = page.getByRole('form', { name: 'Delete the organization' });
    await deleteForm.getByLabel('Organization name').fill('acme research');
    await deleteForm.getByRole('button', { name: 'Delete organization' }).click();
    expect(await fieldError(deleteForm, 'Organization name')).toBe(
      "must be the organization's name, exactly",
    );
    expect((await organizationsOf()).map((o) => o.name)).toContain(research.name);
    await screenshot(page, 'delete-refused');

    await deleteForm.getByLabel('Organization name').fill(research.name);
    await deleteForm.getByRole('button', { name: 'Delete organization' }).click();
    await page
      .getByTestId('session-notice')
      .getByText(`${research.name} was deleted. The console now acts in ${home.name}.`)
      .waitFor();
    await expect.poll(() => current().textContent()).toBe(home.name);
    expect((await organizationsOf()).map((o) => o.name)).toEqual([home.name]);
    // The settings shown are the remaining organization's.
    expect(
      await page
        .getByRole('form', { name: 'Organization settings' })
        .getByLabel('Name', { exact: true })
        .inputValue(),
    ).toBe(home.name);
    await screenshot(page, 'deleted');
  });

  it("goes back to the token's own organization, saying why, when the one switched to is deleted elsewhere", async () => {
    const created = await api<{ createOrganization: { organization: { id: string } } }>(
      'mutation { createOrganization(input: { name: "Acme lab" }) { ... on CreateOrganizationPayload { organization { id } } } }',
    );
    const lab = created.createOrganization.organization.id;
    await page.goto(`${server.url}/console/identities`);
    await switchTo('Acme lab');
    // Someone else (another tab, another owner's tool) deletes it: this console has not heard of it.
    await api('mutation { deleteOrganization(input: { confirmName: "Acme lab" }) { __typename } }', {
      organization: lab,
    });
    expect((await organizationsOf()).map((o) => o.name)).toEqual([home.name]);
    await page.getByRole('link', { name: 'Members' }).click();
    await page
      .getByTestId('session-notice')
      .getByText('Keygate no longer accepts your token in the organization you switched to')
      .waitFor();
    await expect.poll(() => current().textContent()).toBe(home.name);
    expect(await page.evaluate(() => sessionStorage.getItem('keygate.console.organization'))).toBeNull();
    // Still signed in, acting in its own organization.
    await page.getByRole('link', { name: 'Machine identities' }).click();
    await page.getByRole('link', { name: 'home-bot' }).waitFor();
    await screenshot(page, 'switched-organization-gone');
    // The browser logs the refused request (403) it fell back from; nothing else went wrong.
    expect(pageErrors.filter((error) => !/status of 403/.test(error))).toEqual([]);
    pageErrors.length = 0;
  });

  it("signs out, saying why, when the organization deleted was the token's own", async () => {
    const created = await api<{ createOrganization: { organization: { id: string } } }>(
      'mutation { createOrganization(input: { name: "Short-lived" }) { ... on CreateOrganizationPayload { organization { id } } } }',
    );
    const organization = created.createOrganization.organization.id;
    const pat = await api<{ createPersonalAccessToken: { secret: string } }>(
      `mutation { createPersonalAccessToken(input: { description: "short", expiresAt: "${new Date(
        Date.now() + 86_400_000,
      ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret } } }`,
      { organization },
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(pat.createPersonalAccessToken.secret);
    await expect.poll(() => current().textContent()).toBe('Short-lived');
    await page.goto(`${server.url}/console/settings`);
    const deleteForm = page.getByRole('form', { name: 'Delete the organization' });
    await deleteForm.getByLabel('Organization name').fill('Short-lived');
    await deleteForm.getByRole('button', { name: 'Delete organization' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page
      .getByRole('status')
      .getByText('Short-lived was deleted, and the token you signed in with')
      .waitFor();
    expect((await organizationsOf()).map((o) => o.name)).toEqual([home.name]);
    const gone = await callApi(server.url, pat.createPersonalAccessToken.secret, '{ viewer { kind } }');
    expect(gone.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await screenshot(page, 'signed-out');
  });

  it('lists only its own organization for a token bound to one, without errors', async () => {
    const partner = await api<{ createOrganization: { organization: { id: string } } }>(
      'mutation { createOrganization(input: { name: "Partner" }) { ... on CreateOrganizationPayload { organization { id } } } }',
    );
    // Invited into both: the token an invitation gives acts only where it was given.
    const bound = await accept(await invite('bound@example.test'));
    await accept(await invite('bound@example.test', partner.createOrganization.organization.id), bound);
    const listed = await organizationsOf(bound);
    expect(listed.map((o) => [o.name, o.role])).toEqual([[home.name, 'MEMBER']]);

    await signIn(bound);
    await expect.poll(() => current().textContent()).toBe(home.name);
    await switcher().click();
    expect(await panel().getByTestId('organization-option').allInnerTexts()).toEqual([
      expect.stringMatching(new RegExp(`^${home.name}\\s*member\\s*current$`)),
    ]);
    expect(await panel().getByRole('alert').count()).toBe(0);
    await screenshot(page, 'bound');
    expect(pageErrors).toEqual([]);
  });
});

describe('console: organization creation left to the operator', () => {
  it('says so under the form and creates nothing', async () => {
    const closed = await startE2EKeygate({ KEYGATE_ORGANIZATION_CREATION: 'nobody' });
    const own = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    own.setDefaultTimeout(10_000);
    const tab = await own.newPage();
    const errors = collectPageErrors(tab);
    try {
      await tab.goto(`${closed.url}/console/`);
      await tab.getByLabel('Token', { exact: true }).fill(closed.ownerSecret);
      await tab.getByRole('button', { name: 'Sign in' }).click();
      await tab.getByRole('button', { name: /^Organization: / }).click();
      const form = tab.getByRole('form', { name: 'Create an organization' });
      await form.getByLabel('Name', { exact: true }).fill('Not allowed');
      await form.getByRole('button', { name: 'Create organization' }).click();
      await form
        .getByRole('alert')
        .getByText('Keygate does not allow this: organizations are created by the operator of this Keygate.')
        .waitFor();
      expect(await form.getByLabel('Name', { exact: true }).getAttribute('aria-invalid')).toBeNull();
      const listed = await callApi(closed.url, closed.ownerSecret, '{ viewer { organizations { name } } }');
      expect((listed.data as { viewer: { organizations: unknown[] } }).viewer.organizations).toHaveLength(1);
      await screenshot(tab, 'creation-forbidden');
      expect(errors).toEqual([]);
    } finally {
      await own.close();
      await closed.close();
    }
  });
});
