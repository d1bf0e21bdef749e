-- AlterTable
ALTER TABLE "PersonalAccessToken" ADD COLUMN     "externalId" TEXT;

-- AlterTable
ALTER TABLE "Token" ADD COLUMN     "externalId" TEXT;
