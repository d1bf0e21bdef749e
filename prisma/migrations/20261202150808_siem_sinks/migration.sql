-- CreateEnum
CREATE TYPE "WebhookFormat" AS ENUM ('STANDARD_WEBHOOKS', 'NDJSON_BATCH');

-- AlterTable
ALTER TABLE "WebhookEndpoint" ADD COLUMN     "format" "WebhookFormat" NOT NULL DEFAULT 'STANDARD_WEBHOOKS';
