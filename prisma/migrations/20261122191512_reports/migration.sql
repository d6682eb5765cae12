-- CreateTable
CREATE TABLE "report_daily_component" (
    "day" DATE NOT NULL,
    "component" "MonitorComponent" NOT NULL,
    "runs" INTEGER NOT NULL,
    "failedRuns" INTEGER NOT NULL,

    CONSTRAINT "report_daily_component_pkey" PRIMARY KEY ("day","component")
);

-- CreateTable
CREATE TABLE "report_daily_vendor" (
    "day" DATE NOT NULL,
    "vendor" TEXT NOT NULL,
    "messages" INTEGER NOT NULL,
    "webhookMessages" INTEGER NOT NULL,
    "reconciledMessages" INTEGER NOT NULL,
    "webhookEvents" INTEGER NOT NULL,
    "backfilledEvents" INTEGER NOT NULL,
    "lagP50Ms" INTEGER,
    "lagP95Ms" INTEGER,
    "lagP99Ms" INTEGER,
    "lagHistogram" INTEGER[],

    CONSTRAINT "report_daily_vendor_pkey" PRIMARY KEY ("day","vendor")
);

-- CreateTable
CREATE TABLE "report_daily_email" (
    "day" DATE NOT NULL,
    "succeeded" INTEGER NOT NULL,
    "failed" INTEGER NOT NULL,
    "cancelled" INTEGER NOT NULL,
    "pending" INTEGER NOT NULL,

    CONSTRAINT "report_daily_email_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "report_rollup_day" (
    "day" DATE NOT NULL,
    "rolledUpAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "report_rollup_day_pkey" PRIMARY KEY ("day")
);

-- CreateTable
CREATE TABLE "api_token" (
    "id" UUID NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),

    CONSTRAINT "api_token_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_subscription" (
    "userId" TEXT NOT NULL,
    "onOpened" BOOLEAN NOT NULL DEFAULT true,
    "onUpdated" BOOLEAN NOT NULL DEFAULT true,
    "onResolved" BOOLEAN NOT NULL DEFAULT true,
    "components" "MonitorComponent"[],
    "unsubscribeToken" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_subscription_pkey" PRIMARY KEY ("userId")
);

-- CreateTable
CREATE TABLE "report_job_cursor" (
    "name" TEXT NOT NULL,
    "position" TIMESTAMPTZ(3) NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "report_job_cursor_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "api_token_tokenHash_key" ON "api_token"("tokenHash");

-- CreateIndex
CREATE INDEX "api_token_userId_idx" ON "api_token"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "incident_subscription_unsubscribeToken_key" ON "incident_subscription"("unsubscribeToken");

-- CreateIndex
CREATE INDEX "message_sentAt_idx" ON "message"("sentAt");
