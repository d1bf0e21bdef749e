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

// Every page of the console on a phone (390 × 844, as an iPhone 12 to 15 shows it): nothing is wider than
// the screen (tables scroll inside their card), the navigation folds into a menu, and forms, refusals and
// a secret shown once all fit. Each page holds real content, long names and ids included.

const WIDTH = 390;

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-mobile');
const ids = { identity: '', project: '', application: '' };

async function owner<T>(query: string): Promise<T> {
  const answer = await callApi(server.url, server.ownerSecret, query);
  expect(answer.errors).toBeUndefined();
  return answer.data as T;
}

beforeAll(async () => {
  [server, browser] = await Promise.all([
    startE2EKeygate({ KEYGATE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }),
    launchBrowser(),
  ]);
  context = await browser.newContext({
    viewport: { width: WIDTH, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
  });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
  pageErrors = collectPageErrors(page);

  // Something on every page, with the long values that widen a careless layout.
  const identity = await owner<{ createMachineIdentity: { machineIdentity: { id: string } } }>(
    `mutation { createMachineIdentity(input: { name: "deploy-bot-for-the-payments-platform", role: ADMIN }) {
      ... on MachineIdentityPayload { machineIdentity { id } } } }`,
  );
  ids.identity = identity.createMachineIdentity.machineIdentity.id;
  await owner(
    `mutation { createToken(input: { identityId: "${ids.identity}", name: "production-deployments", ttl: 86400,
      trustedIps: ["203.0.113.0/24", "2001:db8:abcd:12::/64", "198.51.100.7"],
      scopes: ["identity:read", "token:read", "token:renew", "audit:read"] }) { __typename } }`,
  );
  const project = await owner<{ createProject: { project: { id: string } } }>(
    'mutation { createProject(input: { name: "payments" }) { ... on ProjectPayload { project { id } } } }',
  );
  ids.project = project.createProject.project.id;
  const application = await owner<{ createApplication: { application: { id: string } } }>(
    `mutation { createApplication(input: { projectId: "${ids.project}", name: "checkout" }) {
      ... on ApplicationPayload { application { id } } } }`,
  );
  ids.application = application.createApplication.application.id;
  await owner(
    `mutation { createAppKey(input: { projectId: "${ids.project}", appId: "${ids.application}", type: JSON }) {
      __typename } }`,
  );
  await owner(
    `mutation { inviteMember(input: { email: "someone.with.a.long.address@subsidiary.example.com", name: "Someone", role: MEMBER }) {
      __typename } }`,
  );
  await owner(
    `mutation { createWebhookEndpoint(input: { url: "http://127.0.0.1:9/hooks/a-rather-long-path/for-keygate-events", eventTypes: ["webhook.test"] }) {
      __typename } }`,
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

/**
 * How the page fits the screen: the document's width, and every visible element that reaches past the
 * screen's edges without a scrolling (or clipping) container around it.
 */
function measureFit() {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const inScroller = (element: Element) => {
      for (
        let parent = element.parentElement;
        parent && parent !== document.body;
        parent = parent.parentElement
      ) {
        if (['auto', 'scroll', 'hidden', 'clip'].includes(getComputedStyle(parent).overflowX)) return true;
      }
      return false;
    };
    const offenders: string[] = [];
    for (const element of document.body.querySelectorAll('*')) {
      const rect = element.getBoundingClientRect();
      if (rect.width === 0 || rect.height === 0) continue;
      if (rect.left >= -1 && rect.right <= width + 1) continue;
      if (inScroller(element)) continue;
      const name = `${element.tagName.toLowerCase()}${element.className ? `.${String(element.className).split(' ').join('.')}` : ''}`;
      offenders.push(
        `${name} [${Math.round(rect.left)}, ${Math.round(rect.right)}] ${(element.textContent ?? '').trim().slice(0, 40)}`,
      );
    }
    return { width, scrollWidth: document.documentElement.scrollWidth, offenders };
  });
}

async function expectToFit(name: string) {
  const measured = await measureFit();
  expect(measured.width, name).toBe(WIDTH);
  expect(measured.offenders, name).toEqual([]);
  expect(measured.scrollWidth, name).toBeLessThanOrEqual(WIDTH);
  await screenshot(page, name);
}

const navigation = () => page.getByRole('navigation', { name: 'Console' });
const menu = () => page.getByRole('button', { name: 'Menu' });

describe('console on a 390 px wide phone', () => {
  it('fits the sign-in and accept pages', async () => {
    await page.goto(`${server.url}/console/accept`);
    await page.getByRole('heading', { name: 'Accept an invitation' }).waitFor();
    await expectToFit('accept');
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('Token', { exact: true }).fill('kg_pat_not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    await expectToFit('sign-in-refused');
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Who am I' }).waitFor();
  });

  it('folds the navigation into a menu that opens, leads to a page and closes', async () => {
    expect(await navigation().isVisible()).toBe(false);
    expect(await menu().getAttribute('aria-expanded')).toBe('false');
    await expectToFit('menu-closed');
    await menu().click();
    expect(await menu().getAttribute('aria-expanded')).toBe('true');
    await navigation().getByRole('link', { name: 'Audit log' }).waitFor();
    await page.getByTestId('signed-in-as').waitFor();
    await expectToFit('menu-open');
    // The organization switcher opens inside the menu, its list and creation form within the screen.
    await page.getByRole('button', { name: /^Organization: / }).click();
    await page.getByRole('form', { name: 'Create an organization' }).waitFor();
    await expectToFit('organization-switcher');
    await page.getByRole('button', { name: /^Organization: / }).click();
    await navigation().getByRole('link', { name: 'Machine identities' }).click();
    await page.getByRole('heading', { name: 'Machine identities' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/console/identities');
    expect(await navigation().isVisible()).toBe(false);
    expect(await menu().getAttribute('aria-expanded')).toBe('false');
  });

  it.each([
    ['who-am-i', '/', 'Who am I'],
    ['identities', '/identities', 'Machine identities'],
    ['personal-access-tokens', '/personal-access-tokens', 'Personal access tokens'],
    ['projects', '/app-keys', 'Application keys'],
    ['import', '/import', 'Import keys'],
    ['members', '/members', 'Members'],
    ['bulk-revoke', '/revoke', 'Bulk revoke'],
    ['settings', '/settings', 'Organization settings'],
  ])('fits the %s page', async (name, path, heading) => {
    await page.goto(`${server.url}/console${path}`);
    await page.getByRole('heading', { name: heading, exact: true }).waitFor();
    await page.locator('.card').first().waitFor();
    // Lists have loaded: no "Loading…" is left.
    await expect.poll(() => page.getByText(/^Loading /).count()).toBe(0);
    await expectToFit(name);
  });

  it('fits a machine identity with its tokens, a refusal and a secret shown once', async () => {
    await page.goto(`${server.url}/console/identities/${encodeURIComponent(ids.identity)}`);
    await page.getByTestId('token-row').filter({ hasText: 'production-deployments' }).waitFor();
    await expectToFit('identity');
    const form = page.getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Name', { exact: true }).fill('phone');
    await form
      .getByLabel('Trusted addresses')
      .fill('2001:db8:abcd:0012:0000:0000:0000:0000/64-is-not-a-range');
    await form.getByRole('button', { name: 'Create token' }).click();
    await form.getByRole('alert').waitFor();
    await expectToFit('identity-refused');
    await form.getByLabel('Trusted addresses').fill('');
    await form.getByRole('button', { name: 'Create token' }).click();
    await page.getByTestId('secret-reveal').waitFor();
    await expectToFit('identity-secret');
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    await page
      .getByTestId('token-row')
      .filter({ hasText: 'phone' })
      .getByRole('button', { name: 'Set key' })
      .click();
    await page.getByRole('form', { name: 'Set the key of phone' }).waitFor();
    await expectToFit('identity-set-key');
    await page
      .getByTestId('token-row')
      .filter({ hasText: 'production-deployments' })
      .getByRole('button', { name: 'Edit' })
      .click();
    await page.getByRole('form', { name: 'Edit token production-deployments' }).waitFor();
    await expectToFit('identity-edit');
  });

  it('fits a project, an application and its keys', async () => {
    await page.goto(`${server.url}/console/app-keys/${encodeURIComponent(ids.project)}`);
    await page.getByRole('heading', { name: 'payments' }).waitFor();
    await page.getByRole('link', { name: 'checkout' }).waitFor();
    await expectToFit('project');
    await page.goto(
      `${server.url}/console/app-keys/${encodeURIComponent(ids.project)}/${encodeURIComponent(ids.application)}`,
    );
    await page.getByRole('heading', { name: 'checkout' }).waitFor();
    await page.getByRole('heading', { name: /^Keys/ }).waitFor();
    await expect.poll(() => page.getByText(/^Loading /).count()).toBe(0);
    await expectToFit('application');
  });

  it('fits the audit log with its events, the chain check and the checkpoint', async () => {
    await page.goto(`${server.url}/console/audit`);
    await page.getByTestId('audit-row').first().waitFor();
    await expectToFit('audit');
    await page.getByRole('button', { name: 'Check the chain' }).click();
    await page.getByTestId('chain-verdict').waitFor();
    await page.getByRole('button', { name: 'Show the latest checkpoint' }).click();
    await page.getByTestId('checkpoint-note').waitFor();
    await expectToFit('audit-integrity');
    expect(pageErrors).toEqual([]);
  });
});
