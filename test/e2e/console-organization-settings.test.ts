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
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

// The organization's settings (lifetimes, limits, policies, token exchange) and its webhook endpoints:
// added with the signing secret shown once, sent a test event that a receiver verifies, disabled and
// deleted. The tests run in order on one page.

let server: E2EKeygate;
let receiver: WebhookReceiver;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let pageErrors: string[];
const screenshot = screenshotter('console-organization-settings');

const SETTINGS = `{ viewer { organization { name patMaxLifetimeDays patLimitPerUser tokenMaxLifetimeDays
  appKeyDefaultLifetimeDays appKeyMaxLifetimeDays auditRetentionDays expiryWarningDays inactivityDays
  inactivityAction leakAction exchangeAudiences exchangeTokenLifetime } } }`;

beforeAll(async () => {
  // The receiver listens on the loopback interface, where an operator has to allow webhooks to go.
  [server, browser, receiver] = await Promise.all([
    startE2EKeygate({ KEYGATE_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.0/8' }),
    launchBrowser(),
    startWebhookReceiver(),
  ]);
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
  await receiver?.close();
});

const settingsForm = () => page.getByRole('form', { name: 'Organization settings' });
const webhookForm = () => page.getByRole('form', { name: 'Add a webhook endpoint' });
const webhookRow = (text: string) => page.getByTestId('webhook-row').filter({ hasText: text });

async function settings() {
  return (
    (await callApi(server.url, server.ownerSecret, SETTINGS)).data as { viewer: { organization: object } }
  ).viewer.organization;
}

async function fieldError(label: string) {
  const field = settingsForm().getByLabel(label, { exact: true });
  await expect.poll(() => field.getAttribute('aria-invalid')).toBe('true');
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(' ');
  return (await page.locator(`[id="${ids.at(-1)}"]`).textContent()) ?? '';
}

describe('console: organization settings', () => {
  it('shows the settings as they are and saves what changed', async () => {
    await page.goto(`${server.url}/console/settings`);
    await page.getByLabel('Token', { exact: true }).fill(server.ownerSecret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Organization settings' }).waitFor();
    const before = await settings();
    expect(await settingsForm().getByLabel('Personal access token lifetime').inputValue()).toBe('366');
    expect(await settingsForm().getByLabel('Expiry warnings').inputValue()).toBe('7, 1');
    await screenshot(page, 'settings');

    await settingsForm().getByLabel('Name', { exact: true }).fill('Acme platform');
    await settingsForm().getByLabel('Personal access token lifetime').fill('90');
    await settingsForm().getByLabel('Personal access tokens per person').fill('20');
    await settingsForm().getByLabel('Token maximum lifetime').fill('30');
    await settingsForm().getByLabel('Expiry warnings').fill('14, 3');
    await settingsForm().getByLabel('Inactivity', { exact: true }).fill('60');
    await settingsForm().getByLabel('Inactive credentials').selectOption('REVOKE');
    await settingsForm().getByLabel('Audit retention').fill('400');
    await settingsForm().getByLabel('Exchange audiences').fill('https://api.example.com\nurn:acme:billing');
    const [sent] = await Promise.all([
      page.waitForRequest((request) => request.postData()?.includes('UpdateOrganization') ?? false),
      settingsForm().getByRole('button', { name: 'Save settings' }).click(),
    ]);
    await settingsForm().getByRole('status').getByText('Saved at').waitFor();
    // Only what changed is sent: what was left alone stays, and the audit event's change is just that.
    const { input } = (sent.postDataJSON() as { variables: { input: object } }).variables;
    expect(Object.keys(input).sort()).toEqual([
      'auditRetentionDays',
      'exchangeAudiences',
      'expiryWarningDays',
      'inactivityAction',
      'inactivityDays',
      'name',
      'patLimitPerUser',
      'patMaxLifetimeDays',
      'tokenMaxLifetimeDays',
    ]);
    expect(await settings()).toEqual({
      ...before,
      name: 'Acme platform',
      patMaxLifetimeDays: 90,
      patLimitPerUser: 20,
      tokenMaxLifetimeDays: 30,
      expiryWarningDays: [14, 3],
      inactivityDays: 60,
      inactivityAction: 'REVOKE',
      auditRetentionDays: 400,
      exchangeAudiences: ['https://api.example.com', 'urn:acme:billing'],
    });
    // The header names the organization anew, and the fields show what Keygate keeps.
    await page.getByRole('banner').getByText('Acme platform').waitFor();
    expect(await settingsForm().getByLabel('Token maximum lifetime').inputValue()).toBe('30');
    await screenshot(page, 'saved');

    // Emptied, a cap is lifted.
    await settingsForm().getByLabel('Token maximum lifetime').fill('');
    await settingsForm().getByRole('button', { name: 'Save settings' }).click();
    await expect
      .poll(async () => (await settings()) as { tokenMaxLifetimeDays: number | null })
      .toMatchObject({
        tokenMaxLifetimeDays: null,
      });
  });

  it('shows each refusal under the field Keygate names, and changes nothing', async () => {
    const before = await settings();
    await settingsForm().getByLabel('Personal access token lifetime').fill('5000');
    await settingsForm().getByRole('button', { name: 'Save settings' }).click();
    expect(await fieldError('Personal access token lifetime')).toBe('must be a whole number from 1 to 3660');
    await screenshot(page, 'refused');

    await settingsForm().getByLabel('Personal access token lifetime').fill('90');
    await settingsForm().getByLabel('Exchange audiences').fill('ftp://files.example.com');
    await settingsForm().getByRole('button', { name: 'Save settings' }).click();
    expect(await fieldError('Exchange audiences')).toContain('is not an absolute https URI');
    expect(
      await settingsForm().getByLabel('Personal access token lifetime').getAttribute('aria-invalid'),
    ).toBeNull();

    // What is no number is refused here, before Keygate is asked.
    await settingsForm().getByLabel('Exchange audiences').fill('https://api.example.com\nurn:acme:billing');
    await settingsForm().getByLabel('Expiry warnings').fill('14, soon');
    await settingsForm().getByRole('button', { name: 'Save settings' }).click();
    expect(await fieldError('Expiry warnings')).toBe('must be whole numbers of days, comma-separated');
    expect(await settings()).toEqual(before);
    await settingsForm().getByLabel('Expiry warnings').fill('14, 3');
  });

  it('adds a webhook endpoint, shows its secret once, and a test event reaches the receiver', async () => {
    await webhookForm().getByLabel('URL').fill('not a url');
    await webhookForm().getByRole('button', { name: 'Add endpoint' }).click();
    const url = webhookForm().getByLabel('URL');
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    await webhookForm().getByRole('alert').getByText('The URL is not a valid absolute URL').waitFor();

    await webhookForm().getByLabel('URL').fill(`${receiver.url}/console`);
    await webhookForm().getByLabel('Description').fill('Ops channel');
    await webhookForm().getByLabel('Event types').fill('webhook.test, token.revoked');
    await webhookForm().getByRole('button', { name: 'Add endpoint' }).click();
    await page.getByTestId('secret-reveal').waitFor();
    const secret = (await page.getByTestId('secret-value').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.state.secrets.push(secret);
    await screenshot(page, 'webhook-added');
    await page.getByRole('button', { name: 'I have saved it, hide it' }).click();
    expect(await page.content()).not.toContain(secret);
    const row = webhookRow('Ops channel');
    await row.getByText('webhook.test, token.revoked').waitFor();

    await row.getByRole('button', { name: 'Send test event' }).click();
    await row.getByRole('status').getByText('Test event sent').waitFor();
    const delivery = await receiver.next((d) => d.path === '/hooks/console');
    expect(delivery.refused).toBeNull();
    expect(delivery.payload?.type).toBe('webhook.test');
    // The delivery log says how it went, once the answer is recorded.
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: 'Refresh deliveries' }).click();
        return row.getByTestId('webhook-deliveries').innerText();
      })
      .toContain('succeeded');
    expect(await row.getByTestId('webhook-deliveries').innerText()).toContain('HTTP 204');
    await screenshot(page, 'webhook-tested');
  });

  it('disables and deletes the endpoint', async () => {
    const row = webhookRow('Ops channel');
    await row.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('disabled', { exact: true }).waitFor();
    await row.getByRole('button', { name: 'Enable' }).waitFor();
    const listed = await callApi(
      server.url,
      server.ownerSecret,
      '{ webhookEndpoints(first: 5) { edges { node { enabled } } } }',
    );
    expect(listed.data).toEqual({ webhookEndpoints: { edges: [{ node: { enabled: false } }] } });

    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Delete the endpoint' }).click();
    await row.waitFor({ state: 'detached' });
    const gone = await callApi(
      server.url,
      server.ownerSecret,
      '{ webhookEndpoints(first: 5) { totalCount } }',
    );
    expect(gone.data).toEqual({ webhookEndpoints: { totalCount: 0 } });
    await screenshot(page, 'webhook-deleted');
  });

  it('tells a token without organization:manage that it may not, and hides webhooks from it', async () => {
    const narrow = await callApi(
      server.url,
      server.ownerSecret,
      `mutation { createPersonalAccessToken(input: { description: "reader", scopes: ["organization:read"], expiresAt: "${new Date(
        Date.now() + 86_400_000,
      ).toISOString()}" }) { ... on CreatePersonalAccessTokenPayload { secret } } }`,
    );
    const secret = (narrow.data as { createPersonalAccessToken: { secret: string } })
      .createPersonalAccessToken.secret;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByLabel('Token', { exact: true }).fill(secret);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await settingsForm().getByLabel('Name', { exact: true }).fill('Not allowed');
    await settingsForm().getByRole('button', { name: 'Save settings' }).click();
    await settingsForm().getByRole('alert').getByText('Your token is not allowed to do this').waitFor();
    await page
      .getByText('Webhook endpoints are shown to tokens with the webhook:manage permission.')
      .waitFor();
    expect(await settings()).toMatchObject({ name: 'Acme platform' });
    await screenshot(page, 'forbidden');
    expect(pageErrors).toEqual([]);
  });
});
