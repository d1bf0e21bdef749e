-- CreateEnum
CREATE TYPE "CredentialPolicyAction" AS ENUM ('REVOKE', 'REPORT');

-- CreateEnum
CREATE TYPE "WebhookDeliveryStatus" AS ENUM ('PENDING', 'RETRYING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "appKeyMaxLifetimeDays" INTEGER,
ADD COLUMN     "expiryWarningDays" INTEGER[] DEFAULT ARRAY[7, 1]::INTEGER[],
ADD COLUMN     "inactivityAction" "CredentialPolicyAction" NOT NULL DEFAULT 'REPORT',
ADD COLUMN     "inactivityDays" INTEGER,
ADD COLUMN     "leakAction" "CredentialPolicyAction" NOT NULL DEFAULT 'REVOKE',
ADD COLUMN     "tokenMaxLifetimeDays" INTEGER;

-- CreateTable
CREATE TABLE "WebhookEndpoint" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "url" TEXT NOT NULL,
    "description" TEXT,
    "eventTypes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "secretSealed" BYTEA NOT NULL,
    "previousSecretSealed" BYTEA,
    "previousSecretExpiresAt" TIMESTAMPTZ(3),
    "cursor" BIGINT NOT NULL,
    "failingSince" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "WebhookEndpoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" UUID NOT NULL,
    "endpointId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "eventType" TEXT NOT NULL,
    "auditEventId" BIGINT,
    "messageId" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "WebhookDeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseStatus" INTEGER,
    "latencyMs" INTEGER,
    "error" TEXT,
    "lastAttemptAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CredentialNotice" (
    "organizationId" UUID NOT NULL,
    "credentialKind" "CredentialKind" NOT NULL,
    "credentialId" UUID NOT NULL,
    "notice" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CredentialNotice_pkey" PRIMARY KEY ("credentialId","notice")
);

-- CreateIndex
CREATE INDEX "WebhookEndpoint_organizationId_id_idx" ON "WebhookEndpoint"("organizationId", "id" DESC);

-- CreateIndex
CREATE INDEX "WebhookDelivery_endpointId_id_idx" ON "WebhookDelivery"("endpointId", "id" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "WebhookDelivery_endpointId_auditEventId_key" ON "WebhookDelivery"("endpointId", "auditEventId");

-- CreateIndex
CREATE INDEX "CredentialNotice_organizationId_idx" ON "CredentialNotice"("organizationId");

-- AddForeignKey
ALTER TABLE "WebhookEndpoint" ADD CONSTRAINT "WebhookEndpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "WebhookEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CredentialNotice" ADD CONSTRAINT "CredentialNotice_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
