import { encodeGlobalID } from '@pothos/plugin-relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';
import { seedApplication, seedMember, seedToken } from '../support/seed.js';

const DAY = 86_400_000;

const UPDATE = `
  mutation ($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      __typename
      ... on OrganizationPayload {
        organization {
          expiryWarningDays inactivityDays inactivityAction leakAction tokenMaxLifetimeDays appKeyMaxLifetimeDays
        }
      }
      ... on ValidationError { field code }
    }
  }`;

const POLICY = `{
  viewer { organization {
    expiryWarningDays inactivityDays inactivityAction leakAction tokenMaxLifetimeDays appKeyMaxLifetimeDays
  } }
}`;

describe('credential policies', () => {
  let keygate: TestKeygate;
  const asOwner = (query: string, variables?: unknown) =>
    keygate.raw(query, variables, { token: keygate.ownerSecret });

  beforeAll(async () => {
    keygate = await startTestKeygate();
  });
  afterAll(async () => {
    await keygate?.close();
  });

  it('validates the policy settings and changes nothing on bad input', async () => {
    const before = await asOwner(POLICY);
    expect(before.data.viewer.organization).toEqual({
      expiryWarningDays: [7, 1],
      inactivityDays: null,
      inactivityAction: 'REPORT',
      leakAction: 'REVOKE',
      tokenMaxLifetimeDays: null,
      appKeyMaxLifetimeDays: null,
    });
    for (const [input, field] of [
      [{ expiryWarningDays: [0] }, 'expiryWarningDays'],
      [{ expiryWarningDays: [366] }, 'expiryWarningDays'],
      [{ expiryWarningDays: [1, 2, 3, 4, 5, 6] }, 'expiryWarningDays'],
      [{ inactivityDays: -1 }, 'inactivityDays'],
      [{ inactivityDays: 3661 }, 'inactivityDays'],
      [{ tokenMaxLifetimeDays: 3661 }, 'tokenMaxLifetimeDays'],
      [{ appKeyMaxLifetimeDays: -5 }, 'appKeyMaxLifetimeDays'],
      // One bad setting refuses the whole change: the good one beside it does not apply either.
      [{ inactivityDays: 30, tokenMaxLifetimeDays: 99_999 }, 'tokenMaxLifetimeDays'],
    ] as const) {
      const response = await asOwner(UPDATE, { input });
      expect(response.data.updateOrganization, JSON.stringify(input)).toEqual({
        __typename: 'ValidationError',
        field,
        code: 'VALIDATION_FAILED',
      });
    }
    const unknownAction = await asOwner(UPDATE, { input: { inactivityAction: 'DELETE' } });
    expect(unknownAction.errors?.[0]).toBeDefined();
    expect((await asOwner(POLICY)).data).toEqual(before.data);

    const changed = await asOwner(UPDATE, {
      input: {
        expiryWarningDays: [1, 14, 7],
        inactivityDays: 90,
        inactivityAction: 'REVOKE',
        leakAction: 'REPORT',
        tokenMaxLifetimeDays: 30,
        appKeyMaxLifetimeDays: 10,
      },
    });
    expect(changed.data.updateOrganization.organization).toEqual({
      expiryWarningDays: [14, 7, 1],
      inactivityDays: 90,
      inactivityAction: 'REVOKE',
      leakAction: 'REPORT',
      tokenMaxLifetimeDays: 30,
      appKeyMaxLifetimeDays: 10,
    });
    const event = await keygate.services.prisma.auditEvent.findFirst({
      where: { organizationId: keygate.organizationId, action: 'organization.updated' },
      orderBy: { id: 'desc' },
    });
    expect(event?.changes).toMatchObject({ after: { inactivityDays: 90, tokenMaxLifetimeDays: 30 } });

    // 0 and null turn a policy or cap off.
    const off = await asOwner(UPDATE, { input: { inactivityDays: 0, tokenMaxLifetimeDays: null } });
    expect(off.data.updateOrganization.organization).toMatchObject({
      inactivityDays: null,
      tokenMaxLifetimeDays: null,
      appKeyMaxLifetimeDays: 10,
    });
  });

  it('enforces the token and app key lifetime caps with a typed error, and gives a TTL-less token the cap', async () => {
    await asOwner(UPDATE, { input: { tokenMaxLifetimeDays: 30, appKeyMaxLifetimeDays: 10 } });
    const identity = await asOwner(
      `mutation { createMachineIdentity(input: { name: "capped" }) {
        ... on MachineIdentityPayload { machineIdentity { id } } } }`,
    );
    const identityId = identity.data.createMachineIdentity.machineIdentity.id;
    const createToken = (input: Record<string, unknown>) =>
      asOwner(
        `mutation ($input: CreateTokenInput!) { createToken(input: $input) {
          __typename ... on TokenSecretPayload { token { expiresAt } } ... on ValidationError { field } } }`,
        { input: { identityId, name: 'capped', ...input } },
      );
    const tokens = () => keygate.services.prisma.token.count({ where: { name: 'capped' } });

    expect((await createToken({ ttl: 31 * 86_400 })).data.createToken).toEqual({
      __typename: 'ValidationError',
      field: 'ttl',
    });
    expect((await createToken({ ttl: 3600, maxTtl: 40 * 86_400 })).data.createToken).toEqual({
      __typename: 'ValidationError',
      field: 'maxTtl',
    });
    expect(await tokens()).toBe(0);

    const before = Date.now();
    const uncapped = await createToken({});
    expect(uncapped.data.createToken.__typename).toBe('TokenSecretPayload');
    const expiresAt = Date.parse(uncapped.data.createToken.token.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + 30 * DAY);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 30 * DAY);

    // Renewal stops at creation + the cap, even for a token made before the cap was set.
    const identityRow = await keygate.services.prisma.machineIdentity.findFirstOrThrow({
      where: { name: 'capped' },
    });
    const old = await seedToken(keygate.services, keygate.organizationId, identityRow.id, {
      ttl: 86_400,
      renewableUntil: null,
    });
    const createdAt = new Date(Date.now() - 29.5 * DAY);
    await keygate.services.prisma.token.update({ where: { id: old.tokenId }, data: { createdAt } });
    const renewed = await asOwner(
      `mutation ($input: RenewTokenInput!) { renewToken(input: $input) {
        __typename ... on TokenPayload { token { expiresAt } } } }`,
      { input: { id: encodeGlobalID('Token', old.tokenId) } },
    );
    expect(renewed.data.renewToken.token.expiresAt).toBe(
      new Date(createdAt.getTime() + 30 * DAY).toISOString(),
    );

    const { projectId, applicationId } = await seedApplication(keygate.services, keygate.organizationId);
    const createAppKey = (expirationDate?: string) =>
      asOwner(
        `mutation ($input: CreateAppKeyInput!) { createAppKey(input: $input) {
          __typename ... on CreateAppKeyPayload { applicationKey { expirationDate } }
          ... on ValidationError { field } } }`,
        {
          input: {
            projectId: encodeGlobalID('Project', projectId),
            appId: encodeGlobalID('Application', applicationId),
            type: 'JSON',
            ...(expirationDate ? { expirationDate } : {}),
          },
        },
      );
    const tooLong = await createAppKey(new Date(Date.now() + 11 * DAY).toISOString());
    expect(tooLong.data.createAppKey).toEqual({ __typename: 'ValidationError', field: 'expirationDate' });
    expect(await keygate.services.prisma.applicationKey.count({ where: { applicationId } })).toBe(0);
    // The default lifetime (longer than the cap) is cut short to it.
    const byDefault = await createAppKey();
    expect(Date.parse(byDefault.data.createAppKey.applicationKey.expirationDate)).toBeLessThanOrEqual(
      Date.now() + 10 * DAY,
    );
  });

  it("lists the viewer's own expiring personal access tokens, soonest first, and nobody else's", async () => {
    const { services, organizationId } = keygate;
    const alice = await seedMember(services, organizationId, 'MEMBER', {
      expiresAt: new Date(Date.now() + 3 * DAY),
    });
    await seedMember(services, organizationId, 'MEMBER', { expiresAt: new Date(Date.now() + 2 * DAY) });
    const later = await services.prisma.personalAccessToken.create({
      data: {
        organizationId,
        userId: alice.userId,
        description: 'later',
        expiresAt: new Date(Date.now() + 30 * DAY),
        renewableUntil: new Date(Date.now() + 60 * DAY),
      },
    });
    const query = `query ($withinDays: Int) { viewer { expiringCredentials(withinDays: $withinDays) {
      id kind name expiresAt daysLeft } } }`;
    const listed = await keygate.raw(query, {}, { token: alice.secret });
    expect(listed.data.viewer.expiringCredentials).toEqual([
      {
        id: encodeGlobalID('PersonalAccessToken', alice.patId),
        kind: 'PERSONAL_ACCESS_TOKEN',
        name: 'seeded',
        expiresAt: expect.any(String),
        daysLeft: 3,
      },
    ]);
    const wider = await keygate.raw(query, { withinDays: 31 }, { token: alice.secret });
    expect(wider.data.viewer.expiringCredentials.map((c: { id: string }) => c.id)).toEqual([
      encodeGlobalID('PersonalAccessToken', alice.patId),
      encodeGlobalID('PersonalAccessToken', later.id),
    ]);
    const bad = await keygate.raw(query, { withinDays: 0 }, { token: alice.secret });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
