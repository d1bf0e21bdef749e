-- The statements Keygate sends for one createPersonalAccessToken (see src/domain/personal-access-tokens.ts
-- and appendAuditEvent in src/domain/audit.ts), in the same order and the same transaction, for pgbench:
-- what PostgreSQL alone can do on this machine, without Node, GraphQL or Prisma. Client n acts as
-- bench-member-(n % 8 + 1), so 8 clients are 8 users of one organization, as in the HTTP scenario.
SELECT id AS uid FROM "User" WHERE email = 'bench-member-' || (:client_id % 8 + 1) || '@bench.keygate.local' \gset
BEGIN;
SELECT o."patMaxLifetimeDays", o."patLimitPerUser" FROM "Membership" m JOIN "Organization" o ON o.id = m."organizationId" WHERE m."organizationId" = :org AND m."userId" = :uid FOR UPDATE OF m;
SELECT count(*) FROM "PersonalAccessToken" WHERE "userId" = :uid AND "organizationId" = :org AND "revokedAt" IS NULL AND "expiresAt" > now();
INSERT INTO "PersonalAccessToken" (id, "organizationId", "userId", description, scopes, "expiresAt", "renewableUntil", "createdAt", "updatedAt") VALUES (gen_random_uuid(), :org, :uid, 'pgbench', '{}', now() + interval '300 days', now() + interval '366 days', now(), now()) RETURNING * \gset pat_
INSERT INTO "CredentialSecret" (hash, kind, "patId", "createdAt") VALUES (sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'PERSONAL_ACCESS_TOKEN', :pat_id, now()) RETURNING hash;
INSERT INTO "AuditChainHead" ("organizationId", sequence, hash) VALUES (:org, 0, sha256('genesis')) ON CONFLICT ("organizationId") DO UPDATE SET sequence = "AuditChainHead".sequence RETURNING sequence AS head \gset
\set next :head + 1
WITH event AS (INSERT INTO "AuditEvent" ("organizationId", sequence, action, outcome, "actorType", "actorId", "credentialKind", "credentialId", "targetType", "targetId", "requestId", ip, "userAgent", changes, "createdAt", "previousHash", hash) VALUES (:org, :next, 'pat.created', 'SUCCESS', 'USER', :uid, 'PERSONAL_ACCESS_TOKEN', :pat_id, 'PersonalAccessToken', :pat_id, gen_random_uuid()::text, '127.0.0.1', 'pgbench', '{"after":{"description":"pgbench"}}', now(), sha256('previous'), sha256('this')) RETURNING id), moved AS (UPDATE "AuditChainHead" SET sequence = :next, hash = sha256('this') WHERE "organizationId" = :org) SELECT id FROM event;
COMMIT;
