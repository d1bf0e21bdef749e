import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  collectPageErrors,
  type E2EKeygate,
  launchBrowser,
  refuseExternalRequests,
  screenshotter,
  startE2EKeygate,
} from '../support/browser.js';

let server: E2EKeygate;
let browser: Browser;
let context: BrowserContext;
let external: string[] = [];
const screenshot = screenshotter('graphiql');

beforeAll(async () => {
  [server, browser] = await Promise.all([startE2EKeygate(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  external = await refuseExternalRequests(context, server.url);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

it('runs the default query in GraphiQL with the token set in the headers editor', async () => {
  const page = await context.newPage();
  const errors = collectPageErrors(page);
  await page.goto(`${server.url}/graphql`);
  await expect.poll(() => page.title()).toBe('Keygate');
  const queryEditor = page.locator('.graphiql-query-editor');
  await queryEditor.getByText('query Viewer').waitFor();
  await screenshot(page, 'loaded');

  await page.getByRole('button', { name: 'Headers' }).click();
  const headers = page.locator('.graphiql-editor-tool .graphiql-editor').last();
  await headers.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(JSON.stringify({ Authorization: `Bearer ${server.ownerSecret}` }));
  await screenshot(page, 'headers-set');

  await page.getByRole('button', { name: /execute query/i }).click();
  const response = page.locator('.graphiql-response');
  await response.getByText(server.ownerEmail).waitFor();
  // Monaco renders spaces as non-breaking ones.
  const text = (await response.textContent())?.replace(/\s+/g, ' ');
  expect(text).toContain('"kind": "USER"');
  expect(text).toContain('"kind": "PERSONAL_ACCESS_TOKEN"');
  await screenshot(page, 'result');
  expect(errors).toEqual([]);
  // GraphiQL's scripts, styles and workers come from Keygate itself: it works without the internet.
  expect(external.filter((url) => !url.includes('favicon') && !url.includes('githubusercontent'))).toEqual(
    [],
  );
});
