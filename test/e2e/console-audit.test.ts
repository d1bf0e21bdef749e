import { readFile } from 'node:fs/promises';
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

// The audit page: events by name (who, with which credential, on what) with the client's address and
// user agent; the chain check and the latest signed checkpoint; the export of what the filters show, as
// NDJSON or CSV, fetched with the session's token. The tests run in order on one page.

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
let doomedTokenId = '';
const screenshot = screenshotter('console-audit');

/** One GraphQL call as a client with a user agent of its own would make it. */
async function callAs(token: string, userAgent: string, query: string) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'user-agent': userAgent,
    },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, never> };
}

/** The data of one call as the owner, typed as the test expects it. */
async function ownerCall<T>(query: string): Promise<T> {
  return (await callApi(server.url, server.ownerSecret, query)).data as T;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  pageErrors = collectPageErrors(page);

  // A machine identity whose token acts from a client of its own; a token made and deleted again.
  const robot = await ownerCall<{ createMachineIdentity: { machineIdentity: { id: string } } }>(
    `mutation { createMachineIdentity(input: { name: "robot", role: ADMIN }) {
      ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  const robotId = robot.createMachineIdentity.machineIdentity.id;
  const token = await ownerCall<{ createToken: { secret: string } }>(
    `mutation { createToken(input: { identityId: "${robotId}", name: "robot-ci" }) {
      ... on TokenSecretPayload { secret } } }`,
  );
  await callAs(
    token.createToken.secret,
    'robot-agent/2.0',
    `mutation { createMachineIdentity(input: { name: "made-by-robot" }) { __typename } }`,
  );
  const doomed = await ownerCall<{ createToken: { token: { id: string } } }>(
    `mutation { createToken(input: { identityId: "${robotId}", name: "doomed" }) {
      ... on TokenSecretPayload { token { id } } } }`,
  );
  doomedTokenId = doomed.createToken.token.id;
  await callApi(
    server.url,
    server.ownerSecret,
    `mutation { deleteToken(input: { id: "${doomedTokenId}" }) { __typename } }`,
  );
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, 'FAILED');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

const row = (action: string, text: string) =>
  page.locator(`[data-testid="audit-row"][data-action="${action}"]`).filter({ hasText: text });

describe('console: audit log', () => {
  it('names who acted, with which credential, on what, and shows the client address and user agent', async () => {
    await page.goto(`${server.url}/console/audit`);
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();

    const byRobot = row('identity.created', 'made-by-robot');
    await byRobot.waitFor();
    expect(await byRobot.getByTestId('audit-actor').innerText()).toMatch(
      /^robot\nmachine identity\nwith token “robot-ci”/,
    );
    expect(await byRobot.getByTestId('audit-target').innerText()).toMatch(/^made-by-robot\nmachine identity/);
    const origin = await byRobot.getByTestId('audit-origin').innerText();
    expect(origin).toContain('127.0.0.1');
    expect(origin).toContain('robot-agent/2.0');

    const byOwner = row('identity.created', 'robot').filter({ hasText: 'Administrator' }).first();
    const actor = await byOwner.getByTestId('audit-actor').innerText();
    expect(actor).toContain('admin@keygate.local');
    expect(actor).toContain('(you)');
    expect(actor).toContain('with personal access token “Created at first start”');

    // A token deleted since: named by its id, and said to be gone.
    const made = row('token.created', doomedTokenId);
    expect(await made.getByTestId('audit-target').innerText()).toMatch(
      new RegExp(`^${doomedTokenId} \\(deleted\\)`),
    );
    await screenshot(page, 'names');
  });

  it('checks the chain and shows the latest signed checkpoint, to copy and to check against', async () => {
    const check = page.getByRole('form', { name: 'Check the audit log' });
    await check.getByRole('button', { name: 'Check the chain' }).click();
    const verdict = page.getByTestId('chain-verdict');
    await verdict.getByText('Valid').waitFor();
    expect(await verdict.getAttribute('role')).toBe('status');

    await page.getByRole('button', { name: 'Show the latest checkpoint' }).click();
    const note = (await page.getByTestId('checkpoint-note').textContent()) ?? '';
    expect(note.split('\n')[0]).toMatch(/^keygate\/audit\//);
    await page.getByRole('button', { name: 'Copy checkpoint' }).click();
    await page.getByTestId('audit-checkpoint').getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(note);
    const size = /^(\d+)$/m.exec(note.split('\n')[1] ?? '')?.[1];
    expect(Number(size)).toBeGreaterThan(0);
    await screenshot(page, 'checkpoint');

    // The checkpoint kept is what the log must still extend.
    await check.getByLabel('Checkpoint (optional)').fill(note);
    await check.getByRole('button', { name: 'Check the chain' }).click();
    await verdict.getByText(`extends the checkpoint of ${size}`).waitFor();
    await screenshot(page, 'chain-valid');

    // Something that is no checkpoint of this log is refused under the field.
    await check.getByLabel('Checkpoint (optional)').fill('not a checkpoint');
    await check.getByRole('button', { name: 'Check the chain' }).click();
    const field = check.getByLabel('Checkpoint (optional)');
    await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
    await check.getByRole('alert').getByText('not a checkpoint signed by this Keygate').waitFor();
    await check.getByLabel('Checkpoint (optional)').fill('');
  });

  it('exports what the filters show, as NDJSON and CSV, with the session token', async () => {
    await page.getByLabel('Action').fill('identity.created');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.locator('[data-testid="audit-events"][data-loaded-for="?action=identity.created"]').waitFor();
    const exporter = page.getByRole('form', { name: 'Export the audit log' });

    const [ndjson] = await Promise.all([
      page.waitForEvent('download'),
      exporter.getByRole('button', { name: 'Download export' }).click(),
    ]);
    expect(ndjson.suggestedFilename()).toMatch(/^audit-.+\.ndjson$/);
    const lines = (await readFile((await ndjson.path())!, 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; action?: string; note?: string });
    expect(lines[0]!.type).toBe('checkpoint');
    const events = lines.filter((line) => line.type === 'event');
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(new Set(events.map((event) => event.action))).toEqual(new Set(['identity.created']));
    // The others stay in as leaf hashes, so that the filtered file still proves itself.
    expect(lines.some((line) => line.type === 'leaf')).toBe(true);

    await exporter.getByLabel('Export as').selectOption('csv');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      exporter.getByRole('button', { name: 'Download export' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    const [header, ...rows] = (await readFile((await csv.path())!, 'utf8')).trim().split('\n');
    expect(header).toMatch(/^id,sequence,organizationId,action,/);
    expect(rows).toHaveLength(events.length);
    for (const csvRow of rows) expect(csvRow.split(',')[3]).toBe('identity.created');

    // Each export is itself audited, with the filter it was made with.
    const exported = await callApi(
      server.url,
      server.ownerSecret,
      '{ auditEvents(first: 10, filter: { action: "audit.exported" }) { edges { node { changes } } } }',
    );
    const changes = (
      exported.data as {
        auditEvents: { edges: { node: { changes: { format: string; filter: unknown } } }[] };
      }
    ).auditEvents.edges.map((edge) => edge.node.changes);
    expect(changes.map((change) => change.format).sort()).toEqual(['csv', 'ndjson']);
    for (const change of changes) expect(change.filter).toMatchObject({ action: 'identity.created' });
    await screenshot(page, 'exported');
  });

  it('ends the session when the export meets a token Keygate no longer takes', async () => {
    const created = await ownerCall<{
      createPersonalAccessToken: { secret: string; personalAccessToken: { id: string } };
    }>(
      `mutation { createPersonalAccessToken(input: { description: "auditor", scopes: ["audit:read"], expiresAt: "${new Date(
        Date.now() + 86_400_000,
      ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret personalAccessToken { id } } } }`,
    );
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token', { exact: true }).fill(created.createPersonalAccessToken.secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('audit-row').first().waitFor();
    await ownerCall(
      `mutation { revokePersonalAccessToken(input: { id: "${created.createPersonalAccessToken.personalAccessToken.id}" }) { __typename } }`,
    );
    await page
      .getByRole('form', { name: 'Export the audit log' })
      .getByRole('button', { name: 'Download export' })
      .click();
    await page.getByRole('status').getByText('Your session ended').waitFor();
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Audit log' }).waitFor();
  });

  it('finds an event edited in the database and says which one', async () => {
    const { prisma, auditLog } = server.keygate.services;
    await auditLog.seal();
    await prisma.$executeRaw`UPDATE "AuditEvent" SET "action" = 'edited.afterwards' WHERE "sequence" = 2`;
    await page.getByRole('button', { name: 'Clear filters' }).click();
    const check = page.getByRole('form', { name: 'Check the audit log' });
    await check.getByLabel('Check every event again, from the first').check();
    await check.getByRole('button', { name: 'Check the chain' }).click();
    const verdict = page.getByTestId('chain-verdict');
    await verdict.getByText('Broken').waitFor();
    expect(await verdict.getAttribute('role')).toBe('alert');
    expect(await verdict.innerText()).toContain('The first wrong event is #2.');
    await screenshot(page, 'chain-broken');
    expect(pageErrors).toEqual([]);
  });
});
