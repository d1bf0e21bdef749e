import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import {
  collectPageErrors,
  type E2EKeygate,
  launchBrowser,
  screenshotter,
  startE2EKeygate,
} from '../support/browser.js';

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const screenshot = screenshotter('console-app-keys');

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(10_000);
  page = await context.newPage();
});

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') await screenshot(page, 'FAILED');
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

it('creates a project, an application and a key whose key file is shown once, then deletes the key', async () => {
  const errors = collectPageErrors(page);
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
  await page.getByTestId('secret-reveal').getByText('Copy the key file now').waitFor();
  const keyFile = JSON.parse((await page.getByTestId('secret-value').textContent()) ?? '') as Record<
    string,
    string
  >;
  expect(keyFile).toMatchObject({ type: 'application' });
  expect(keyFile.key).toContain('PRIVATE KEY');
  expect(await page.getByRole('row').filter({ hasText: 'active' }).count()).toBe(1);
  await screenshot(page, 'key-file');

  // Back to the project and in again: the key file is gone, the key is listed.
  await page.getByRole('link', { name: 'payments' }).click();
  await page.getByRole('link', { name: 'billing-worker' }).click();
  const row = page.getByRole('row').filter({ hasText: 'active' });
  await row.waitFor();
  expect(await page.getByTestId('secret-reveal').count()).toBe(0);
  expect(await page.content()).not.toContain('PRIVATE KEY');

  await row.getByRole('button', { name: 'Delete' }).click();
  await row.getByRole('button', { name: 'Delete for good' }).click();
  await page.getByText('No keys yet.').waitFor();
  await screenshot(page, 'key-deleted');
  expect(errors).toEqual([]);
});
