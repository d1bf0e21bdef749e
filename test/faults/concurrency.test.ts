import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import { graphql } from '../graphql/generated/index.js';
import { startTestKeygate, type TestKeygate } from '../support/keygate.js';

const Viewer = graphql(`
  query ConcurrencyViewer { viewer { kind credential { remainingUses } } }
`);

const CreatePat = graphql(`
  mutation ConcurrencyCreatePat($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) { __typename }
  }
`);

let keygate: TestKeygate;

beforeAll(async () => {
  // Hundreds of refusals from one address, of one credential, would trip the failure limits; this suite
  // tests counting.
  const { limits } = loadConfig({ NODE_ENV: 'test' });
  keygate = await startTestKeygate({
    limits: { ...limits, authFailuresPerMinute: 100_000, authFailuresPerCredentialPerMinute: 100_000 },
  });
});

afterAll(async () => {
  await keygate?.close();
});

describe('under concurrency', () => {
  it('lets exactly N of 200 concurrent authentications through a use limit of N', async () => {
    const { prisma } = keygate.services;
    const identity = await prisma.machineIdentity.create({
      data: { organizationId: keygate.organizationId, name: 'burst' },
    });
    const secret = generateSecret('TOKEN');
    const token = await prisma.token.create({
      data: {
        organizationId: keygate.organizationId,
        identityId: identity.id,
        name: 'seventeen',
        numUsesLimit: 17,
        secrets: { create: { hash: hashSecret(secret), kind: 'TOKEN' } },
      },
    });
    const responses = await Promise.all(
      Array.from({ length: 200 }, () => keygate.request(Viewer, {}, { token: secret })),
    );
    const ok = responses.filter((r) => r.status === 200 && r.data?.viewer.kind === 'MACHINE_IDENTITY');
    const refused = responses.filter((r) => r.status === 401);
    expect(ok).toHaveLength(17);
    expect(refused).toHaveLength(183);
    expect(ok.map((r) => r.data!.viewer.credential.remainingUses).sort((a, b) => a! - b!)).toEqual(
      Array.from({ length: 17 }, (_, i) => i),
    );
    expect((await prisma.token.findUniqueOrThrow({ where: { id: token.id } })).numUses).toBe(17);
  });

  it('never lets 20 concurrent creations pass a per-user limit', async () => {
    const { prisma } = keygate.services;
    const held = await prisma.personalAccessToken.count({
      where: { organizationId: keygate.organizationId },
    });
    await prisma.organization.update({
      where: { id: keygate.organizationId },
      data: { patLimitPerUser: held + 5 },
    });
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        keygate.request(
          CreatePat,
          { input: { description: `race ${i}`, expiresAt } },
          { token: keygate.ownerSecret },
        ),
      ),
    );
    const kinds = results.map((r) => r.data?.createPersonalAccessToken.__typename);
    expect(kinds.filter((k) => k === 'CreatePersonalAccessTokenPayload')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'LimitReachedError')).toHaveLength(15);
    expect(
      await prisma.personalAccessToken.count({ where: { organizationId: keygate.organizationId } }),
    ).toBe(held + 5);
  });
});
