-- Invitations replace handed-over first tokens; each organization keeps its own name for a person; every
-- personal access token gets the latest time it can be renewed to (see prisma/schema.prisma).
-- AlterTable
ALTER TABLE "AuditChainHead" ADD COLUMN     "verifiedHash" BYTEA,
ADD COLUMN     "verifiedSequence" BIGINT,
ADD COLUMN     "verifyingUntil" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Membership" ADD COLUMN     "name" TEXT NOT NULL DEFAULT '';
-- Until now a person had one name, given by the organization that added them first.
UPDATE "Membership" AS m SET "name" = u."name" FROM "User" AS u WHERE u."id" = m."userId";
ALTER TABLE "Membership" ALTER COLUMN "name" DROP DEFAULT;

-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN     "renewableUntil" TIMESTAMPTZ(3);
-- Existing tokens keep what they could do: renewal up to their organization's maximum lifetime from
-- their creation, and never less than their current expiry.
UPDATE "PersonalAccessToken" AS p
SET "renewableUntil" = GREATEST(p."expiresAt", p."createdAt" + make_interval(days => o."patMaxLifetimeDays"))
FROM "Organization" AS o WHERE o."id" = p."organizationId";
ALTER TABLE "PersonalAccessToken" ALTER COLUMN "renewableUntil" SET NOT NULL;

-- AlterTable
ALTER TABLE "Token" ADD COLUMN     "renewableUntil" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "Invitation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "permissions" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "codeHash" BYTEA NOT NULL,
    "invitedById" UUID,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "acceptedAt" TIMESTAMPTZ(3),
    "acceptedUserId" UUID,
    "revokedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Invitation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Invitation_codeHash_key" ON "Invitation"("codeHash");

-- CreateIndex
CREATE INDEX "Invitation_organizationId_id_idx" ON "Invitation"("organizationId", "id" DESC);

-- AddForeignKey
ALTER TABLE "Invitation" ADD CONSTRAINT "Invitation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
