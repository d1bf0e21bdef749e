-- Audit actions compare byte by byte, whatever the database's collation: an action prefix (`token.*`) is
-- then the range [token., token/) of the (organizationId, action, id) index, which a collation such as
-- C.UTF-8 or en_US.UTF-8 cannot serve (LIKE 'token.%' needs the "C" ordering) and in which a locale's
-- ordering could even put other actions. Prisma's schema cannot express a column's collation, so this
-- lives only here (see the comment on AuditEvent.action in schema.prisma). Rebuilds that one index.
ALTER TABLE "AuditEvent" ALTER COLUMN "action" SET DATA TYPE TEXT COLLATE "C";

-- The indexes of the other filters end with the action, after the id: they still list in id order, and an
-- actor, credential, target or outcome combined with an action or a prefix is now answered (page and
-- totalCount) from the index alone, instead of from the table row of every event of that actor. The same
-- indexes, one column wider, none added: each audit write updates as many as before.
-- DropIndex
DROP INDEX "AuditEvent_organizationId_actorId_id_idx";

-- DropIndex
DROP INDEX "AuditEvent_organizationId_credentialId_id_idx";

-- DropIndex
DROP INDEX "AuditEvent_organizationId_outcome_id_idx";

-- DropIndex
DROP INDEX "AuditEvent_organizationId_targetId_id_idx";

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_actorId_id_action_idx" ON "AuditEvent"("organizationId", "actorId", "id" DESC, "action");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_credentialId_id_action_idx" ON "AuditEvent"("organizationId", "credentialId", "id" DESC, "action");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_targetId_id_action_idx" ON "AuditEvent"("organizationId", "targetId", "id" DESC, "action");

-- CreateIndex
CREATE INDEX "AuditEvent_organizationId_outcome_id_action_idx" ON "AuditEvent"("organizationId", "outcome", "id" DESC, "action");

-- Changing the column's type drops its statistics, and nothing would gather them again until a tenth of
-- the table has changed: without them the planner guesses how many events an action filter matches.
ANALYZE "AuditEvent" ("action");
