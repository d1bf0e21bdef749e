import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSecret, hashSecret } from '../../src/domain/secrets.js';
import { type GatewayKeygate, startGatewayKeygate } from '../support/gateway.js';

/*
 * The per-user limit of personal access tokens under concurrent creations, over a real socket: one user's
 * requests race each other through the HTTP server, the pool and PostgreSQL, as clients' would. Tokens
 * that are revoked or expired, and the user's tokens in another organization, do not count.
 */

const CreatePat = `
  mutation PatLimitRace($input: CreatePersonalAccessTokenInput!) {
    createPersonalAccessToken(input: $input) {
      __typename
      ... on CreatePersonalAccessTokenPayload {
        secret
        personalAccessToken {
          id description scopes expiresAt renewableUntil organizationBound createdAt revokedAt seenAt state
        }
      }
      ... on LimitReachedError { code limit message }
    }
  }
`;

const DAY = 86_400_000;
const FREE = 9;
const ATTEMPTS = 20;

let gateway: GatewayKeygate;

beforeAll(async () => {
  gateway = await startGatewayKeygate();
}, 60_000);

afterAll(async () => {
  await gateway?.close();
});

const rawId = (globalId: string) => Buffer.from(globalId, 'base64').toString().split(':')[1]!;

describe('the per-user limit of personal access tokens', () => {
  it(`lets exactly ${FREE} of ${ATTEMPTS} concurrent creations through ${FREE} free slots`, async () => {
    const { prisma } = gateway.keygate.services;
    const { organizationId } = gateway;
    const owner = await prisma.membership.findFirstOrThrow({ where: { organizationId } });
    const userId = owner.userId;
    const pat = (data: { organizationId?: string; expiresAt?: Date; revokedAt?: Date }) =>
      prisma.personalAccessToken.create({
        data: {
          organizationId,
          userId,
          description: 'held',
          expiresAt: new Date(Date.now() + DAY),
          renewableUntil: new Date(Date.now() + 2 * DAY),
          secrets: {
            create: {
              hash: hashSecret(generateSecret('PERSONAL_ACCESS_TOKEN')),
              kind: 'PERSONAL_ACCESS_TOKEN',
            },
          },
          ...data,
        },
      });
    // Listed but not counted: revoked (one of them not expired yet), and expired.
    for (let i = 0; i < 3; i++) await pat({ revokedAt: new Date() });
    for (let i = 0; i < 3; i++) await pat({ expiresAt: new Date(Date.now() - 1000) });
    // Counted: the owner's first token and two more.
    await pat({});
    await pat({});
    // Another organization's token of the same person does not count here.
    const elsewhere = await prisma.organization.create({ data: { name: 'Elsewhere' } });
    await prisma.membership.create({
      data: { organizationId: elsewhere.id, userId, name: 'Owner', role: 'OWNER' },
    });
    await pat({ organizationId: elsewhere.id });

    const active = () =>
      prisma.personalAccessToken.count({
        where: { organizationId, userId, revokedAt: null, expiresAt: { gt: new Date() } },
      });
    const held = await active();
    expect(held).toBe(3);
    const limit = held + FREE;
    await prisma.organization.update({ where: { id: organizationId }, data: { patLimitPerUser: limit } });

    const expiresAt = new Date(Date.now() + DAY).toISOString();
    const answers = await Promise.all(
      Array.from({ length: ATTEMPTS }, (_, i) =>
        gateway.graphql(CreatePat, { input: { description: `race ${i}`, expiresAt } }),
      ),
    );
    for (const answer of answers) expect(answer.errors).toBeUndefined();
    const results = answers.map((answer) => answer.data.createPersonalAccessToken);
    const created = results.filter((r) => r.__typename === 'CreatePersonalAccessTokenPayload');
    const refused = results.filter((r) => r.__typename === 'LimitReachedError');
    expect(created).toHaveLength(FREE);
    expect(refused).toHaveLength(ATTEMPTS - FREE);
    for (const error of refused) {
      expect(error).toEqual({
        __typename: 'LimitReachedError',
        code: 'LIMIT_REACHED',
        limit,
        message: `a user may hold at most ${limit} active personal access tokens in this organization`,
      });
    }
    expect(await active()).toBe(limit);
    const made = await prisma.personalAccessToken.findMany({
      where: { organizationId, userId, description: { startsWith: 'race ' } },
    });
    expect(made).toHaveLength(FREE);
    expect(made.every((token) => token.revokedAt === null && token.expiresAt > new Date())).toBe(true);

    // Each answer is the token as stored, and its secret authenticates.
    for (const { secret, personalAccessToken: answered } of created) {
      const stored = made.find((token) => token.id === rawId(answered.id));
      expect(stored).toBeDefined();
      expect(answered).toEqual({
        id: answered.id,
        description: stored!.description,
        scopes: stored!.scopes,
        expiresAt: stored!.expiresAt.toISOString(),
        renewableUntil: stored!.renewableUntil.toISOString(),
        organizationBound: stored!.organizationBound,
        createdAt: stored!.createdAt.toISOString(),
        revokedAt: null,
        seenAt: null,
        state: 'ACTIVE',
      });
      const viewer = await gateway.graphql('{ viewer { kind } }', {}, secret);
      expect(viewer.data?.viewer.kind).toBe('USER');
    }
  }, 60_000);
});
