-- CreateEnum
CREATE TYPE "VendorEventSource" AS ENUM ('WEBHOOK', 'RECONCILED');

-- CreateEnum
CREATE TYPE "VendorEventStatus" AS ENUM ('RECEIVED', 'PROCESSED', 'UNMATCHED', 'IGNORED', 'FAILED');

-- CreateEnum
CREATE TYPE "EmailStatus" AS ENUM ('QUEUED', 'SENDING', 'SENT', 'DELIVERED', 'BOUNCED', 'DROPPED', 'FAILED', 'CANCELLED');

-- CreateTable
CREATE TABLE "vendor_event" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendor" TEXT NOT NULL,
    "vendorEventId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "source" "VendorEventSource" NOT NULL DEFAULT 'WEBHOOK',
    "vendorConversationId" TEXT,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "normalized" JSON NOT NULL,
    "rawBody" TEXT,
    "status" "VendorEventStatus" NOT NULL DEFAULT 'RECEIVED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "processedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,

    CONSTRAINT "vendor_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "vendor" TEXT NOT NULL,
    "vendorMessageId" TEXT NOT NULL,
    "conversationId" UUID NOT NULL,
    "senderId" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "idempotencyKey" TEXT,
    "source" "VendorEventSource" NOT NULL,
    "vendorEventId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "message_read" (
    "vendor" TEXT NOT NULL,
    "vendorMessageId" TEXT NOT NULL,
    "readerId" TEXT NOT NULL,
    "vendorConversationId" TEXT NOT NULL,
    "readAt" TIMESTAMPTZ(3) NOT NULL,
    "vendorEventId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "message_read_pkey" PRIMARY KEY ("vendor","vendorMessageId","readerId")
);

-- CreateTable
CREATE TABLE "email" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "idempotencyKey" TEXT NOT NULL,
    "template" TEXT NOT NULL,
    "toUserId" TEXT NOT NULL,
    "conversationId" UUID,
    "status" "EmailStatus" NOT NULL DEFAULT 'QUEUED',
    "statusReason" TEXT,
    "props" JSONB NOT NULL DEFAULT '{}',
    "sendAt" TIMESTAMPTZ(3) NOT NULL,
    "toAddress" TEXT,
    "sandboxMode" BOOLEAN NOT NULL DEFAULT false,
    "providerMessageId" TEXT,
    "sendAttempts" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "email_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_message" (
    "emailId" UUID NOT NULL,
    "messageId" UUID NOT NULL,

    CONSTRAINT "email_message_pkey" PRIMARY KEY ("emailId","messageId")
);

-- CreateTable
CREATE TABLE "email_event" (
    "id" BIGSERIAL NOT NULL,
    "emailId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "occurredAt" TIMESTAMPTZ(3) NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "detail" TEXT,
    "providerEventId" TEXT,

    CONSTRAINT "email_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "email_opt_out" (
    "userId" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "email_opt_out_pkey" PRIMARY KEY ("userId","purpose")
);

-- CreateTable
CREATE TABLE "metric_counter" (
    "id" BIGSERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "labels" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_counter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "vendor_event_vendor_vendorConversationId_receivedAt_idx" ON "vendor_event"("vendor", "vendorConversationId", "receivedAt");

-- CreateIndex
CREATE INDEX "vendor_event_status_receivedAt_idx" ON "vendor_event"("status", "receivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "vendor_event_vendor_vendorEventId_key" ON "vendor_event"("vendor", "vendorEventId");

-- CreateIndex
CREATE INDEX "message_conversationId_sentAt_idx" ON "message"("conversationId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "message_vendor_vendorMessageId_key" ON "message"("vendor", "vendorMessageId");

-- CreateIndex
CREATE INDEX "message_read_vendor_vendorConversationId_idx" ON "message_read"("vendor", "vendorConversationId");

-- CreateIndex
CREATE UNIQUE INDEX "email_idempotencyKey_key" ON "email"("idempotencyKey");

-- CreateIndex
CREATE INDEX "email_toUserId_createdAt_idx" ON "email"("toUserId", "createdAt");

-- CreateIndex
CREATE INDEX "email_conversationId_createdAt_idx" ON "email"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "email_status_sendAt_idx" ON "email"("status", "sendAt");

-- CreateIndex
CREATE INDEX "email_message_messageId_idx" ON "email_message"("messageId");

-- CreateIndex
CREATE UNIQUE INDEX "email_event_providerEventId_key" ON "email_event"("providerEventId");

-- CreateIndex
CREATE INDEX "email_event_emailId_occurredAt_idx" ON "email_event"("emailId", "occurredAt");

-- CreateIndex
CREATE INDEX "metric_counter_name_idx" ON "metric_counter"("name");

-- AddForeignKey
ALTER TABLE "message" ADD CONSTRAINT "message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "conversation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email" ADD CONSTRAINT "email_toUserId_fkey" FOREIGN KEY ("toUserId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email" ADD CONSTRAINT "email_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "conversation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_emailId_fkey" FOREIGN KEY ("emailId") REFERENCES "email"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_message" ADD CONSTRAINT "email_message_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_event" ADD CONSTRAINT "email_event_emailId_fkey" FOREIGN KEY ("emailId") REFERENCES "email"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "email_opt_out" ADD CONSTRAINT "email_opt_out_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
