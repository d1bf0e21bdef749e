-- AlterTable
ALTER TABLE "ApplicationKey" ADD COLUMN     "revokedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN     "organizationBound" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "revokedAt" TIMESTAMPTZ(3);
