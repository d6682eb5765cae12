-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "EmailStatus" ADD VALUE 'BLOCKED';
ALTER TYPE "EmailStatus" ADD VALUE 'UNCONFIRMED';

-- DropIndex
DROP INDEX "alert_delivery_incidentId_channel_kind_sequence_key";

-- AlterTable
ALTER TABLE "user" ADD COLUMN     "unsubscribedReason" TEXT;

-- AlterTable
ALTER TABLE "email_event" ADD COLUMN     "variant" TEXT;

-- AlterTable
ALTER TABLE "email_opt_out" ADD COLUMN     "reason" TEXT;

-- AlterTable
ALTER TABLE "alert_delivery" ADD COLUMN     "recipient" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "sendgrid_event_rejection" (
    "id" BIGSERIAL NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "problem" TEXT NOT NULL,
    "event" TEXT NOT NULL,

    CONSTRAINT "sendgrid_event_rejection_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "sendgrid_event_rejection_receivedAt_idx" ON "sendgrid_event_rejection"("receivedAt");

-- CreateIndex
CREATE INDEX "email_providerMessageId_idx" ON "email"("providerMessageId");

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_incidentId_channel_recipient_kind_sequence_key" ON "alert_delivery"("incidentId", "channel", "recipient", "kind", "sequence");
