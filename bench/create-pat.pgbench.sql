-- The statements Keygate sends for one createPersonalAccessToken (see src/domain/personal-access-tokens.ts
-- and appendAuditEvent in src/domain/audit.ts), in the same order and the same transaction, for pgbench:
-- what PostgreSQL alone can do on this machine, without Node, GraphQL or Prisma. Client n acts as
-- bench-member-(n % :users + 1): with users=8, 8 clients are 8 users of one organization, as in the HTTP
-- scenario create-pat-8; with users=1 they are all one user, queueing on that membership's row lock.
\set member :client_id % :users + 1
SELECT id AS uid FROM "User" WHERE email = 'bench-member-' || :member::int || '@bench.keygate.local' \gset
BEGIN;
SELECT o."patMaxLifetimeDays", o."patLimitPerUser" FROM "Membership" m JOIN "Organization" o ON o.id = m."organizationId" WHERE m."organizationId" = :org AND m."userId" = :uid FOR UPDATE OF m;
WITH held AS (SELECT count(*) AS active FROM "PersonalAccessToken" WHERE "userId" = :uid AND "organizationId" = :org AND "revokedAt" IS NULL AND "expiresAt" > now()), token AS (INSERT INTO "PersonalAccessToken" (id, "organizationId", "userId", description, scopes, "expiresAt", "organizationBound", "renewableUntil", "createdAt", "updatedAt") SELECT gen_random_uuid(), :org, :uid, 'pgbench', '{}', now() + interval '300 days', false, now() + interval '366 days', now(), now() FROM held WHERE held.active < 1000000000 RETURNING *), secret AS (INSERT INTO "CredentialSecret" (hash, kind, "patId", "createdAt") SELECT sha256(convert_to(gen_random_uuid()::text, 'UTF8')), 'PERSONAL_ACCESS_TOKEN', token.id, now() FROM token) SELECT * FROM token \gset pat_
WITH writer AS MATERIALIZED (SELECT pg_current_xact_id() AS xid) INSERT INTO "AuditEvent" ("organizationId", action, outcome, "actorType", "actorId", "credentialKind", "credentialId", "targetType", "targetId", "requestId", ip, "userAgent", changes, "createdAt") SELECT :org, 'pat.created', 'SUCCESS'::"AuditOutcome", 'USER'::"ActorType", :uid, 'PERSONAL_ACCESS_TOKEN'::"CredentialKind", :pat_id, 'PersonalAccessToken', :pat_id, gen_random_uuid()::text, '127.0.0.1', 'pgbench', '{"after":{"description":"pgbench"}}'::jsonb, now() FROM writer RETURNING id;
COMMIT;
