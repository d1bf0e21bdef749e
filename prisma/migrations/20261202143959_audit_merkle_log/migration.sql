/*
  Warnings:

  - You are about to drop the column `hash` on the `AuditCheckpoint` table. All the data in the column will be lost.
  - You are about to drop the column `purgedCount` on the `AuditCheckpoint` table. All the data in the column will be lost.
  - You are about to drop the column `sequence` on the `AuditCheckpoint` table. All the data in the column will be lost.
  - You are about to drop the column `previousHash` on the `AuditEvent` table. All the data in the column will be lost.
  - You are about to drop the `AuditChainHead` table. If the table is not empty, all the data it contains will be lost.
  - A unique constraint covering the columns `[organizationId,size]` on the table `AuditCheckpoint` will be added. If there are existing duplicate values, this will fail.
  - Added the required column `note` to the `AuditCheckpoint` table without a default value. This is not possible if the table is not empty.
  - Added the required column `rootHash` to the `AuditCheckpoint` table without a default value. This is not possible if the table is not empty.
  - Added the required column `size` to the `AuditCheckpoint` table without a default value. This is not possible if the table is not empty.

*/
-- DropForeignKey
ALTER TABLE "AuditChainHead" DROP CONSTRAINT "AuditChainHead_organizationId_fkey";

-- The keyless hash chain's purge checkpoints mean nothing to the Merkle tree log.
DELETE FROM "AuditCheckpoint";

-- DropIndex
DROP INDEX "AuditCheckpoint_organizationId_sequence_idx";

-- AlterTable
ALTER TABLE "AuditCheckpoint" DROP COLUMN "hash",
DROP COLUMN "purgedCount",
DROP COLUMN "sequence",
ADD COLUMN     "note" TEXT NOT NULL,
ADD COLUMN     "rootHash" BYTEA NOT NULL,
ADD COLUMN     "size" BIGINT NOT NULL;

-- AlterTable
ALTER TABLE "AuditEvent" DROP COLUMN "previousHash",
ALTER COLUMN "sequence" DROP NOT NULL,
ALTER COLUMN "hash" DROP NOT NULL;

-- A webhook endpoint's cursor counts events in the new numbering (1, 2, … in id order per organization):
-- what it had been sent stays sent.
UPDATE "WebhookEndpoint" w SET "cursor" = (
  SELECT count(*) FROM "AuditEvent" e
  WHERE e."organizationId" = w."organizationId" AND e."sequence" <= w."cursor");

-- Every event already written is sealed again, in id order, into its organization's new tree.
UPDATE "AuditEvent" SET "sequence" = NULL, "hash" = NULL;

-- DropTable
DROP TABLE "AuditChainHead";

-- CreateTable
CREATE TABLE "AuditTree" (
    "organizationId" UUID NOT NULL,
    "size" BIGINT NOT NULL DEFAULT 0,
    "frontier" BYTEA NOT NULL,
    "rootHash" BYTEA NOT NULL,
    "verifiedSize" BIGINT NOT NULL DEFAULT 0,
    "verifiedFrontier" BYTEA,
    "verifiedMac" BYTEA,
    "verifyingUntil" TIMESTAMPTZ(3),

    CONSTRAINT "AuditTree_pkey" PRIMARY KEY ("organizationId")
);

-- CreateTable
CREATE TABLE "AuditTreeNode" (
    "organizationId" UUID NOT NULL,
    "level" SMALLINT NOT NULL,
    "index" BIGINT NOT NULL,
    "hash" BYTEA NOT NULL,

    CONSTRAINT "AuditTreeNode_pkey" PRIMARY KEY ("organizationId","level","index")
);

-- CreateTable
CREATE TABLE "AuditPurge" (
    "id" BIGSERIAL NOT NULL,
    "organizationId" UUID NOT NULL,
    "throughSequence" BIGINT NOT NULL,
    "note" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AuditPurge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditSealFence" (
    "id" SMALLINT NOT NULL DEFAULT 1,
    "lastId" BIGINT NOT NULL,
    "xidHorizon" BIGINT NOT NULL,
    "sealedThrough" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "AuditSealFence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AuditPurge_organizationId_throughSequence_idx" ON "AuditPurge"("organizationId", "throughSequence" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "AuditCheckpoint_organizationId_size_key" ON "AuditCheckpoint"("organizationId", "size");

-- CreateIndex
CREATE INDEX "AuditEvent_sequence_id_idx" ON "AuditEvent"("sequence", "id");

-- AddForeignKey
ALTER TABLE "AuditTree" ADD CONSTRAINT "AuditTree_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditTreeNode" ADD CONSTRAINT "AuditTreeNode_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AuditPurge" ADD CONSTRAINT "AuditPurge_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
