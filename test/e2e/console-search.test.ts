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

// The search field above every credential list: it narrows the list to what the server's `search`
// matches (a name that contains the text, a global id, a raw id by prefix, a client id by prefix), keeps
// the text in the URL so that a reload shows the same list, and says so when nothing matches.

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-search');
const ids = {
  identities: {} as Record<string, string>,
  project: '',
  applications: {} as Record<string, { id: string; clientId: string }>,
  keys: [] as string[],
};

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

  for (const name of ['alpha-bot', 'beta-bot', 'gamma-worker']) {
    const created = await owner<{ createMachineIdentity: { machineIdentity: { id: string } } }>(
      `mutation { createMachineIdentity(input: { name: "${name}" }) {
        ... on MachineIdentityPayload { machineIdentity { id } } } }`,
    );
    ids.identities[name] = created.createMachineIdentity.machineIdentity.id;
  }
  for (const name of ['prod-deploy', 'staging-deploy', 'backup']) {
    await owner(
      `mutation { createToken(input: { identityId: "${ids.identities['alpha-bot']}", name: "${name}" }) {
        __typename } }`,
    );
  }
  const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
  for (const description of ['laptop at work', 'ci server']) {
    await owner(
      `mutation { createPersonalAccessToken(input: { description: "${description}", expiresAt: "${expiresAt}" }) {
        __typename } }`,
    );
  }
  const project = await owner<{ createProject: { project: { id: string } } }>(
    'mutation { createProject(input: { name: "payments" }) { ... on ProjectPayload { project { id } } } }',
  );
  ids.project = project.createProject.project.id;
  for (const name of ['checkout', 'billing']) {
    const application = await owner<{ createApplication: { application: { id: string; clientId: string } } }>(
      `mutation { createApplication(input: { projectId: "${ids.project}", name: "${name}" }) {
        ... on ApplicationPayload { application { id clientId } } } }`,
    );
    ids.applications[name] = application.createApplication.application;
  }
  for (let n = 0; n < 2; n += 1) {
    const key = await owner<{ createAppKey: { applicationKey: { keyId: string } } }>(
      `mutation { createAppKey(input: { projectId: "${ids.project}", appId: "${ids.applications.checkout!.id}", type: JSON }) {
        ... on CreateAppKeyPayload { applicationKey { keyId } } } }`,
    );
    ids.keys.push(key.createAppKey.applicationKey.keyId);
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

/** The text of each row the list shows, once it shows exactly `count` of them. */
async function rowsOnceThereAre(testId: string, count: number): Promise<string[]> {
  await expect.poll(() => page.getByTestId(testId).count()).toBe(count);
  return page.getByTestId(testId).allTextContents();
}

/** Waits until the list shows one row, which holds `text`. */
async function onlyRowWith(testId: string, text: string) {
  await expect
    .poll(() => page.getByTestId(testId).allTextContents())
    .toEqual([expect.stringContaining(text)]);
}

const searchParam = () => new URL(page.url()).searchParams.get('q');

describe('console: searching the credential lists', () => {
  it('narrows the machine identities by name and by id, keeps the text in the URL, says when none match', async () => {
    await page.goto(`${server.url}/console/identities`);
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect(await rowsOnceThereAre('identity-row', 3)).toHaveLength(3);

    const search = page.getByRole('searchbox', { name: 'Search machine identities' });
    await search.fill('BOT');
    const rows = await rowsOnceThereAre('identity-row', 2);
    expect(rows.filter((row) => /^(alpha|beta)-bot/.test(row))).toHaveLength(2);
    await expect.poll(searchParam).toBe('BOT');
    // What the server's search answers, which the list shows.
    const served = await owner<{ machineIdentities: { edges: { node: { name: string } }[] } }>(
      '{ machineIdentities(search: "BOT") { edges { node { name } } } }',
    );
    expect(served.machineIdentities.edges.map(({ node }) => node.name).sort()).toEqual([
      'alpha-bot',
      'beta-bot',
    ]);
    await screenshot(page, 'identities-bot');

    // A reload shows the same list, the text back in its field.
    await page.reload();
    expect(await rowsOnceThereAre('identity-row', 2)).toHaveLength(2);
    expect(await search.inputValue()).toBe('BOT');

    // A global id finds exactly that identity.
    await search.fill(ids.identities['gamma-worker']!);
    await search.press('Enter');
    await onlyRowWith('identity-row', 'gamma-worker');

    await search.fill('zzz');
    await page.getByTestId('no-matches').getByText('No machine identities match «zzz».').waitFor();
    expect(await page.getByTestId('identity-row').count()).toBe(0);
    await screenshot(page, 'identities-none');

    // Emptied, the whole list is back and the URL forgets the search.
    await search.fill('');
    expect(await rowsOnceThereAre('identity-row', 3)).toHaveLength(3);
    await expect.poll(searchParam).toBeNull();
  });

  it("narrows a machine identity's tokens", async () => {
    await page.goto(`${server.url}/console/identities/${encodeURIComponent(ids.identities['alpha-bot']!)}`);
    expect(await rowsOnceThereAre('token-row', 3)).toHaveLength(3);
    const search = page.getByRole('searchbox', { name: 'Search tokens' });
    await search.fill('deploy');
    const rows = await rowsOnceThereAre('token-row', 2);
    expect(rows.some((row) => row.includes('backup'))).toBe(false);
    await page
      .getByRole('heading', { name: /^Tokens/ })
      .getByText('2', { exact: true })
      .waitFor();
    await screenshot(page, 'tokens-deploy');
    await search.fill('nothing-like-it');
    await page.getByText('No tokens match «nothing-like-it».').waitFor();
    expect(await page.getByTestId('token-row').count()).toBe(0);

    // The page itself is still there: a search that matches no token hides no identity.
    await page.getByRole('heading', { name: 'alpha-bot' }).waitFor();
    const answer = await owner<{ node: { tokens: { totalCount: number } } }>(
      `{ node(id: "${ids.identities['alpha-bot']}") { ... on MachineIdentity { tokens { totalCount } } } }`,
    );
    expect(answer.node.tokens.totalCount).toBe(3);
  });

  it('narrows your personal access tokens by description', async () => {
    await page.goto(`${server.url}/console/personal-access-tokens?q=laptop`);
    await onlyRowWith('pat-row', 'laptop at work');
    const search = page.getByRole('searchbox', { name: 'Search personal access tokens' });
    expect(await search.inputValue()).toBe('laptop');
    await search.fill('SERVER');
    await onlyRowWith('pat-row', 'ci server');
    await screenshot(page, 'pats-server');
    await search.fill('phone');
    await page.getByText('No tokens match «phone».').waitFor();
    expect(await page.getByTestId('pat-row').count()).toBe(0);
    // A secret pasted into the search is not searched for: it stays out of the URL and the history.
    await search.fill(server.ownerSecret);
    await page.getByRole('alert').filter({ hasText: 'That is a secret' }).waitFor();
    await search.press('Enter');
    await page.getByText('No tokens match «phone».').waitFor();
    expect(searchParam()).toBe('phone');
    expect(page.url()).not.toContain(server.ownerSecret.slice(8));
    await screenshot(page, 'pats-secret-not-searched');
  });

  it("narrows a project's applications by name and client id, and an application's keys by key id", async () => {
    await page.goto(`${server.url}/console/app-keys/${encodeURIComponent(ids.project)}`);
    expect(await rowsOnceThereAre('application-row', 2)).toHaveLength(2);
    const search = page.getByRole('searchbox', { name: 'Search applications' });
    await search.fill('check');
    await onlyRowWith('application-row', 'checkout');
    await search.fill(ids.applications.billing!.clientId.slice(0, 6));
    await onlyRowWith('application-row', 'billing');
    await screenshot(page, 'applications-client-id');
    await search.fill('shipping');
    await page.getByText('No applications match «shipping».').waitFor();

    await page.goto(
      `${server.url}/console/app-keys/${encodeURIComponent(ids.project)}/${encodeURIComponent(ids.applications.checkout!.id)}`,
    );
    expect(await rowsOnceThereAre('key-row', 2)).toHaveLength(2);
    const keys = page.getByRole('searchbox', { name: 'Search keys' });
    // Both keys were made within the same second: their raw ids share the first groups (UUIDv7 starts with
    // the time), so the prefix that tells them apart reaches into the random part.
    const [first, second] = ids.keys as [string, string];
    await keys.fill(second.slice(0, 30));
    await expect.poll(() => page.getByTestId('key-row').getAttribute('data-key-id')).toBe(second);
    expect(await page.getByTestId('key-row').count()).toBe(1);
    const prefix = first.slice(0, 8);
    await keys.fill(prefix);
    await rowsOnceThereAre('key-row', ids.keys.filter((keyId) => keyId.startsWith(prefix)).length);
    // Shorter than one group of a raw id: not an id prefix, and keys have no names.
    await keys.fill(first.slice(0, 7));
    await page.getByText(`No keys match «${first.slice(0, 7)}».`).waitFor();
    await screenshot(page, 'keys-none');
    expect(pageErrors).toEqual([]);
  });
});
