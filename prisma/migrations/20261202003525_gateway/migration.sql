-- AlterTable
ALTER TABLE "Application" ADD COLUMN     "accessTokenLifetime" INTEGER NOT NULL DEFAULT 900,
ADD COLUMN     "allowedAudiences" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "allowedScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "disabledAt" TIMESTAMPTZ(3),
ADD COLUMN     "requestLimit" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "requestLimitWindow" INTEGER NOT NULL DEFAULT 60;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "exchangeAudiences" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "exchangeTokenLifetime" INTEGER NOT NULL DEFAULT 900;

-- AlterTable
ALTER TABLE "Token" ADD COLUMN     "requestLimit" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "requestLimitWindow" INTEGER NOT NULL DEFAULT 60;

-- CreateTable
CREATE TABLE "SigningKey" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "algorithm" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "encryptedPrivateKey" BYTEA NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),
    "publishUntil" TIMESTAMPTZ(3),

    CONSTRAINT "SigningKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RevokedAccessToken" (
    "jti" TEXT NOT NULL,
    "organizationId" UUID NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "RevokedAccessToken_pkey" PRIMARY KEY ("jti")
);

-- CreateIndex
CREATE INDEX "SigningKey_organizationId_algorithm_createdAt_idx" ON "SigningKey"("organizationId", "algorithm", "createdAt" DESC);

-- CreateIndex
CREATE INDEX "SigningKey_publishUntil_idx" ON "SigningKey"("publishUntil");

-- CreateIndex
CREATE INDEX "RevokedAccessToken_expiresAt_idx" ON "RevokedAccessToken"("expiresAt");

-- AddForeignKey
ALTER TABLE "SigningKey" ADD CONSTRAINT "SigningKey_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
