-- DropIndex
DROP INDEX "ApplicationKey_applicationId_createdAt_id_idx";

-- DropIndex
DROP INDEX "MachineIdentity_organizationId_createdAt_id_idx";

-- DropIndex
DROP INDEX "PersonalAccessToken_userId_organizationId_createdAt_id_idx";

-- DropIndex
DROP INDEX "Token_identityId_createdAt_id_idx";

-- DropIndex
DROP INDEX "Token_organizationId_createdAt_id_idx";

-- CreateIndex
CREATE INDEX "ApplicationKey_applicationId_id_idx" ON "ApplicationKey"("applicationId", "id" DESC);

-- CreateIndex
CREATE INDEX "MachineIdentity_organizationId_id_idx" ON "MachineIdentity"("organizationId", "id" DESC);

-- CreateIndex
CREATE INDEX "PersonalAccessToken_userId_organizationId_id_idx" ON "PersonalAccessToken"("userId", "organizationId", "id" DESC);

-- CreateIndex
CREATE INDEX "PersonalAccessToken_userId_organizationId_revokedAt_expires_idx" ON "PersonalAccessToken"("userId", "organizationId", "revokedAt", "expiresAt");

-- CreateIndex
CREATE INDEX "Token_identityId_id_idx" ON "Token"("identityId", "id" DESC);

-- CreateIndex
CREATE INDEX "Token_organizationId_id_idx" ON "Token"("organizationId", "id" DESC);
