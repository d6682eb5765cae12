-- CreateEnum
CREATE TYPE "FallbackStatus" AS ENUM ('PENDING', 'REPLAYED', 'FAILED');

-- CreateEnum
CREATE TYPE "ChatEmbedResult" AS ENUM ('READY', 'TIMEOUT', 'ERROR');

-- CreateTable
CREATE TABLE "fallback_message" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "senderId" TEXT NOT NULL,
    "clientKey" UUID NOT NULL,
    "text" TEXT NOT NULL,
    "status" "FallbackStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "nextAttemptAt" TIMESTAMP(3),
    "vendorMessageId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "replayedAt" TIMESTAMP(3),

    CONSTRAINT "fallback_message_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "chat_embed_beacon" (
    "id" UUID NOT NULL,
    "projectId" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "vendor" TEXT NOT NULL,
    "result" "ChatEmbedResult" NOT NULL,
    "loadMs" INTEGER NOT NULL,
    "retry" BOOLEAN NOT NULL DEFAULT false,
    "detail" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "chat_embed_beacon_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "project_visit" (
    "projectId" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "project_visit_pkey" PRIMARY KEY ("projectId","userId")
);

-- CreateTable
CREATE TABLE "sign_in_failure" (
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "windowStartedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "sign_in_failure_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "fallback_message_projectId_createdAt_idx" ON "fallback_message"("projectId", "createdAt");

-- CreateIndex
CREATE INDEX "fallback_message_status_createdAt_idx" ON "fallback_message"("status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "fallback_message_senderId_clientKey_key" ON "fallback_message"("senderId", "clientKey");

-- CreateIndex
CREATE INDEX "chat_embed_beacon_receivedAt_idx" ON "chat_embed_beacon"("receivedAt");

-- CreateIndex
CREATE INDEX "chat_embed_beacon_result_receivedAt_idx" ON "chat_embed_beacon"("result", "receivedAt");

-- CreateIndex
CREATE INDEX "project_visit_userId_idx" ON "project_visit"("userId");

-- AddForeignKey
ALTER TABLE "fallback_message" ADD CONSTRAINT "fallback_message_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fallback_message" ADD CONSTRAINT "fallback_message_senderId_fkey" FOREIGN KEY ("senderId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_visit" ADD CONSTRAINT "project_visit_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "project_visit" ADD CONSTRAINT "project_visit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
