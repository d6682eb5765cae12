-- CreateEnum
CREATE TYPE "MonitorComponent" AS ENUM ('chat_ui', 'webhooks', 'email', 'vendor_api', 'monitor');

-- CreateEnum
CREATE TYPE "CheckRunStatus" AS ENUM ('RUNNING', 'PASSED', 'FAILED');

-- CreateEnum
CREATE TYPE "CheckRunTrigger" AS ENUM ('SCHEDULED', 'CONFIRMATION', 'MANUAL');

-- CreateEnum
CREATE TYPE "CheckStepStatus" AS ENUM ('PASSED', 'FAILED');

-- CreateEnum
CREATE TYPE "CheckArtifactKind" AS ENUM ('SCREENSHOT', 'TRACE');

-- CreateEnum
CREATE TYPE "IncidentStatus" AS ENUM ('OPEN', 'RESOLVED');

-- CreateEnum
CREATE TYPE "IncidentUpdateKind" AS ENUM ('OPENED', 'UPDATE', 'NOTE', 'RESOLVED');

-- CreateEnum
CREATE TYPE "AlertKind" AS ENUM ('OPENED', 'REMINDER', 'RESOLVED');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('SENDING', 'SENT', 'FAILED', 'SUPPRESSED');

-- CreateTable
CREATE TABLE "check_run" (
    "id" UUID NOT NULL,
    "check" TEXT NOT NULL,
    "trigger" "CheckRunTrigger" NOT NULL,
    "scheduledFor" TIMESTAMPTZ(3) NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 1,
    "retryOfId" UUID,
    "counted" BOOLEAN NOT NULL DEFAULT false,
    "status" "CheckRunStatus" NOT NULL DEFAULT 'RUNNING',
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMPTZ(3),
    "durationMs" INTEGER,
    "timedOut" BOOLEAN NOT NULL DEFAULT false,
    "components" "MonitorComponent"[],
    "failedComponent" "MonitorComponent",
    "failedStep" TEXT,
    "error" TEXT,
    "details" JSONB,
    "consoleErrors" JSONB,
    "failedRequests" JSONB,
    "instanceId" TEXT NOT NULL,
    "incidentId" UUID,

    CONSTRAINT "check_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_step" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "component" "MonitorComponent" NOT NULL,
    "status" "CheckStepStatus" NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "error" TEXT,

    CONSTRAINT "check_step_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_artifact" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "kind" "CheckArtifactKind" NOT NULL,
    "path" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "check_artifact_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "check_state" (
    "check" TEXT NOT NULL,
    "component" "MonitorComponent" NOT NULL,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "consecutivePasses" INTEGER NOT NULL DEFAULT 0,
    "failingSince" TIMESTAMPTZ(3),
    "passingSince" TIMESTAMPTZ(3),
    "lastStatus" "CheckRunStatus" NOT NULL,
    "lastRunId" UUID,
    "lastRunAt" TIMESTAMPTZ(3) NOT NULL,
    "lastError" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "check_state_pkey" PRIMARY KEY ("check","component")
);

-- CreateTable
CREATE TABLE "incident" (
    "id" UUID NOT NULL,
    "component" "MonitorComponent" NOT NULL,
    "status" "IncidentStatus" NOT NULL DEFAULT 'OPEN',
    "openComponent" "MonitorComponent",
    "title" TEXT NOT NULL,
    "openedBy" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "detectedAt" TIMESTAMPTZ(3) NOT NULL,
    "recoveredAt" TIMESTAMPTZ(3),
    "resolvedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "failedRunCount" INTEGER NOT NULL DEFAULT 0,
    "missingWebhooks" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_update" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "kind" "IncidentUpdateKind" NOT NULL,
    "message" TEXT NOT NULL,
    "authorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_update_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_fault" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "probability" DOUBLE PRECISION,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "incident_fault_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_delivery" (
    "id" UUID NOT NULL,
    "incidentId" UUID NOT NULL,
    "channel" TEXT NOT NULL,
    "kind" "AlertKind" NOT NULL,
    "sequence" INTEGER NOT NULL DEFAULT 0,
    "status" "AlertDeliveryStatus" NOT NULL DEFAULT 'SENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMPTZ(3),

    CONSTRAINT "alert_delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "maintenance_window" (
    "id" UUID NOT NULL,
    "component" "MonitorComponent",
    "startsAt" TIMESTAMPTZ(3) NOT NULL,
    "endsAt" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdBy" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "maintenance_window_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "monitor_heartbeat" (
    "instanceId" TEXT NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "version" TEXT NOT NULL,
    "isLeader" BOOLEAN NOT NULL DEFAULT false,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "monitor_heartbeat_pkey" PRIMARY KEY ("instanceId")
);

-- CreateIndex
CREATE INDEX "check_run_check_startedAt_idx" ON "check_run"("check", "startedAt");

-- CreateIndex
CREATE INDEX "check_run_failedComponent_startedAt_idx" ON "check_run"("failedComponent", "startedAt");

-- CreateIndex
CREATE INDEX "check_run_incidentId_idx" ON "check_run"("incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "check_run_check_scheduledFor_attempt_key" ON "check_run"("check", "scheduledFor", "attempt");

-- CreateIndex
CREATE INDEX "check_step_name_startedAt_idx" ON "check_step"("name", "startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "check_step_runId_index_key" ON "check_step"("runId", "index");

-- CreateIndex
CREATE INDEX "check_artifact_runId_idx" ON "check_artifact"("runId");

-- CreateIndex
CREATE INDEX "check_artifact_createdAt_idx" ON "check_artifact"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "incident_openComponent_key" ON "incident"("openComponent");

-- CreateIndex
CREATE INDEX "incident_component_startedAt_idx" ON "incident"("component", "startedAt");

-- CreateIndex
CREATE INDEX "incident_status_startedAt_idx" ON "incident"("status", "startedAt");

-- CreateIndex
CREATE INDEX "incident_update_incidentId_createdAt_idx" ON "incident_update"("incidentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "incident_fault_incidentId_source_externalId_key" ON "incident_fault"("incidentId", "source", "externalId");

-- CreateIndex
CREATE INDEX "alert_delivery_createdAt_idx" ON "alert_delivery"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "alert_delivery_incidentId_channel_kind_sequence_key" ON "alert_delivery"("incidentId", "channel", "kind", "sequence");

-- CreateIndex
CREATE INDEX "maintenance_window_startsAt_endsAt_idx" ON "maintenance_window"("startsAt", "endsAt");

-- CreateIndex
CREATE INDEX "monitor_heartbeat_lastSeenAt_idx" ON "monitor_heartbeat"("lastSeenAt");

-- AddForeignKey
ALTER TABLE "check_run" ADD CONSTRAINT "check_run_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_step" ADD CONSTRAINT "check_step_runId_fkey" FOREIGN KEY ("runId") REFERENCES "check_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "check_artifact" ADD CONSTRAINT "check_artifact_runId_fkey" FOREIGN KEY ("runId") REFERENCES "check_run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_update" ADD CONSTRAINT "incident_update_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_fault" ADD CONSTRAINT "incident_fault_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;
