-- AlterTable
ALTER TABLE "alert_delivery" ADD COLUMN     "claimedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "alert_delivery_status_claimedAt_idx" ON "alert_delivery"("status", "claimedAt");
