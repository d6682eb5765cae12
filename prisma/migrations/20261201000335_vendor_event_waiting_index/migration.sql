-- CreateIndex
CREATE INDEX "vendor_event_waiting_idx" ON "vendor_event"("vendor", "vendorConversationId", "occurredAt") WHERE (status = 'RECEIVED');
