-- CreateEnum
CREATE TYPE "FaultParty" AS ENUM ('vendor', 'sendgrid', 'ours');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "MonitorComponent" ADD VALUE 'app';
ALTER TYPE "MonitorComponent" ADD VALUE 'pipeline';
ALTER TYPE "MonitorComponent" ADD VALUE 'database';

-- AlterTable
ALTER TABLE "check_run" ADD COLUMN     "failedParty" "FaultParty";

-- AlterTable
ALTER TABLE "check_step" ADD COLUMN     "party" "FaultParty" NOT NULL DEFAULT 'vendor';

-- AlterTable
ALTER TABLE "incident" ADD COLUMN     "party" "FaultParty" NOT NULL DEFAULT 'vendor';

-- AlterTable
ALTER TABLE "report_daily_component" ADD COLUMN     "firstRunAt" TIMESTAMPTZ(3),
ADD COLUMN     "lastRunAt" TIMESTAMPTZ(3);

-- Backfill: the party at fault follows the component (lib/incidents/blame.ts). Only the values that existed
-- before this migration appear here (a value added above cannot be used in the same transaction).
UPDATE "incident" SET "party" = 'ours' WHERE "component" = 'monitor';
UPDATE "incident" SET "party" = 'sendgrid' WHERE "component" = 'email';
UPDATE "check_step" SET "party" = 'ours' WHERE "component" = 'monitor';
UPDATE "check_step" SET "party" = 'sendgrid' WHERE "component" = 'email';
UPDATE "check_run" SET "failedParty" = CASE "failedComponent" WHEN 'monitor' THEN 'ours'::"FaultParty" WHEN 'email' THEN 'sendgrid'::"FaultParty" ELSE 'vendor'::"FaultParty" END
WHERE "failedComponent" IS NOT NULL;
