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
import { seedMachineIdentity } from '../support/seed.js';

// Incident response: the bulk revoke page previews what a filter selects (a dry run), then revokes exactly
// that, in batches of at most 1000; and the members page revokes all of one member's tokens. The tests run
// in order on one page, as the first owner.

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-bulk-revoke');
const secrets = { ci: [] as string[], web: '', laptop: '', nova: [] as string[] };
const FLEET = 1002;
let fleetId = '';

async function api<T>(query: string, token = server.ownerSecret): Promise<T> {
  const answer = await callApi(server.url, token, query);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString();

async function identityWithTokens(name: string, tokens: number): Promise<string[]> {
  const created = await api<{ createMachineIdentity: { machineIdentity: { id: string } } }>(
    `mutation { createMachineIdentity(input: { name: "${name}" }) {
      ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  const id = created.createMachineIdentity.machineIdentity.id;
  const made: string[] = [];
  for (let n = 1; n <= tokens; n++) {
    const token = await api<{ createToken: { secret: string } }>(
      `mutation { createToken(input: { identityId: "${id}", name: "${name}-${n}", ttl: 86400 }) {
        ... on TokenSecretPayload { secret } } }`,
    );
    made.push(token.createToken.secret);
  }
  return made;
}

async function pat(description: string, token = server.ownerSecret): Promise<string> {
  const created = await api<{ createPersonalAccessToken: { secret: string } }>(
    `mutation { createPersonalAccessToken(input: { description: "${description}", expiresAt: "${tomorrow()}" }) {
      ... on CreatePersonalAccessTokenPayload { secret } } }`,
    token,
  );
  return created.createPersonalAccessToken.secret;
}

/** Whether Keygate still takes the secret. */
async function works(secret: string): Promise<boolean> {
  const answer = await callApi(server.url, secret, '{ viewer { kind } }');
  if (answer.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED') return false;
  expect(answer.errors).toBeUndefined();
  return true;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  pageErrors = collectPageErrors(page);

  secrets.ci = await identityWithTokens('ci-bot', 3);
  secrets.web = (await identityWithTokens('web-bot', 1))[0]!;
  secrets.laptop = await pat('laptop, lost on a train');
  const invited = await api<{ inviteMember: { code: string } }>(
    'mutation { inviteMember(input: { email: "nova@example.test", name: "Nova", role: MEMBER }) { ... on InviteMemberPayload { code } } }',
  );
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { acceptInvitation(input: { code: "${invited.inviteMember.code}" }) { ... on AcceptInvitationPayload { secret } } }`,
    }),
  });
  const accepted = (await response.json()) as { data: { acceptInvitation: { secret: string } } };
  secrets.nova = [accepted.data.acceptInvitation.secret];
  secrets.nova.push(await pat('nova laptop', secrets.nova[0]));

  // More tokens than one call revokes, written straight to the database.
  const { prisma } = server.keygate.services;
  const organization = await prisma.organization.findFirstOrThrow({ select: { id: true } });
  const fleet = await seedMachineIdentity(server.keygate.services, organization.id, { name: 'fleet' });
  fleetId = fleet.id;
  await prisma.token.createMany({
    data: Array.from({ length: FLEET }, (_, n) => ({
      organizationId: organization.id,
      identityId: fleet.id,
      name: `fleet-${n}`,
      expiresAt: new Date(Date.now() + 86_400_000),
    })),
  });
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, 'FAILED');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const filterForm = () => page.getByRole('form', { name: 'Bulk revoke filter' });
const preview = () => page.getByTestId('revocation-preview');
const result = () => page.getByTestId('revocation-result');

async function previewAndRevoke(expected: number) {
  const credentials = `${expected} credential${expected === 1 ? '' : 's'}`;
  await filterForm().getByRole('button', { name: 'Preview' }).click();
  await preview()
    .getByRole('heading', { name: `${credentials} would be revoked` })
    .waitFor();
  await preview()
    .getByRole('button', { name: `Revoke ${credentials}` })
    .click();
  await preview().getByRole('button', { name: 'Revoke them now: they stop working at once' }).click();
  await result()
    .getByRole('heading', { name: `Revoked ${credentials}` })
    .waitFor();
}

const liveFleet = () =>
  server.keygate.services.prisma.token.count({ where: { identityId: fleetId, revokedAt: null } });

describe('console: bulk revoke', () => {
  it('previews what a filter selects, changing nothing, then revokes exactly that', async () => {
    await page.goto(`${server.url}/console/revoke`);
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Bulk revoke' }).waitFor();
    await page
      .getByRole('navigation', { name: 'Console' })
      .getByRole('link', { name: 'Bulk revoke' })
      .waitFor();
    await filterForm().getByLabel('Machine identity', { exact: true }).selectOption({ label: 'ci-bot' });
    await filterForm().getByLabel('Reason', { exact: true }).fill('CI runner compromised');
    await filterForm().getByRole('button', { name: 'Preview' }).click();
    await preview().getByRole('heading', { name: '3 credentials would be revoked' }).waitFor();
    expect(await preview().getByTestId('revocation-counts').innerText()).toMatch(
      /Personal access tokens\s*0\s*Machine identity tokens\s*3\s*Application keys\s*0/,
    );
    expect(await preview().getByTestId('remaining').count()).toBe(0);
    await screenshot(page, 'preview');
    // A preview is a dry run.
    for (const secret of secrets.ci) expect(await works(secret)).toBe(true);

    await preview().getByRole('button', { name: 'Revoke 3 credentials' }).click();
    await screenshot(page, 'confirm');
    await preview().getByRole('button', { name: 'Revoke them now: they stop working at once' }).click();
    await result().getByRole('heading', { name: 'Revoked 3 credentials' }).waitFor();
    await screenshot(page, 'revoked');
    for (const secret of secrets.ci) expect(await works(secret)).toBe(false);
    expect(await works(secrets.web)).toBe(true);
    const events = await api<{ auditEvents: { edges: { node: { action: string } }[] } }>(
      '{ auditEvents(first: 5, filter: { action: "credentials.bulk_revoked" }) { edges { node { action } } } }',
    );
    expect(events.auditEvents.edges).toHaveLength(1);
  });

  it('refuses a filter that narrows nothing, or a kind its owner does not hold, and changes nothing', async () => {
    await page.reload();
    await filterForm().getByRole('button', { name: 'Preview' }).click();
    await filterForm()
      .getByRole('alert')
      .getByText('name a member, identity or project, a search, createdBefore or lastUsedBefore', {
        exact: false,
      })
      .waitFor();
    expect(await preview().count()).toBe(0);

    await filterForm().getByLabel('Machine identity', { exact: true }).selectOption({ label: 'web-bot' });
    await filterForm().getByLabel('Personal access tokens').check();
    await filterForm().getByRole('button', { name: 'Preview' }).click();
    await filterForm()
      .getByRole('group', { name: 'Kinds' })
      .getByRole('alert')
      .getByText('identityId selects only TOKEN credentials')
      .waitFor();
    await screenshot(page, 'refused');
    expect(await preview().count()).toBe(0);
    expect(await works(secrets.web)).toBe(true);
    expect(await works(secrets.laptop)).toBe(true);
  });

  it('revokes by search and date, and says what is left beyond a batch of 1000', async () => {
    await page.reload();
    await filterForm().getByLabel('Personal access tokens').check();
    await filterForm().getByLabel('Search', { exact: true }).fill('laptop, lost');
    await filterForm().getByLabel('Created before').fill('2099-01-01T00:00');
    await previewAndRevoke(1);
    expect(await works(secrets.laptop)).toBe(false);
    expect(await works(server.ownerSecret)).toBe(true);
    expect(await works(secrets.nova[1]!)).toBe(true);

    await page.reload();
    await filterForm().getByLabel('Machine identity', { exact: true }).selectOption({ label: 'fleet' });
    await filterForm().getByRole('button', { name: 'Preview' }).click();
    await preview().getByRole('heading', { name: '1000 credentials would be revoked' }).waitFor();
    await preview()
      .getByTestId('remaining')
      .getByText('2 more credentials match beyond this batch')
      .waitFor();
    await screenshot(page, 'remaining');
    expect(await liveFleet()).toBe(FLEET);
    await preview().getByRole('button', { name: 'Revoke 1000 credentials' }).click();
    await preview().getByRole('button', { name: 'Revoke them now: they stop working at once' }).click();
    await result().getByTestId('remaining').getByText('2 more credentials still match').waitFor();
    expect(await liveFleet()).toBe(2);
    // The same filter again ends the rest.
    await previewAndRevoke(2);
    expect(await liveFleet()).toBe(0);
  });

  it("revokes all of one member's tokens from the members page, after asking", async () => {
    await page.goto(`${server.url}/console/members`);
    const row = page.getByTestId('member-row').filter({ hasText: 'nova@example.test' });
    await row.getByRole('button', { name: 'Revoke tokens' }).click();
    await row.getByRole('button', { name: "Revoke all this member's tokens" }).click();
    await row.getByRole('status').getByText('Revoked 2 personal access tokens.').waitFor();
    await screenshot(page, 'member-revoked');
    for (const secret of secrets.nova) expect(await works(secret)).toBe(false);
    expect(await works(server.ownerSecret)).toBe(true);
    // Still a member: only the tokens went.
    const members = await api<{ members: { edges: { node: { user: { email: string } } }[] } }>(
      '{ members(first: 10) { edges { node { user { email } } } } }',
    );
    expect(members.members.edges.map((edge) => edge.node.user.email)).toContain('nova@example.test');
    expect(pageErrors).toEqual([]);
  });
});
