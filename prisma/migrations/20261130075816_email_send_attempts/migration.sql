-- CreateEnum
CREATE TYPE "EmailAttemptState" AS ENUM ('CLAIMED', 'HANDING_OVER', 'ACCEPTED', 'REFUSED', 'NOT_SENT', 'UNKNOWN');

-- CreateTable
CREATE TABLE "email_send_attempt" (
    "emailId" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "state" "EmailAttemptState" NOT NULL DEFAULT 'CLAIMED',
    "detail" TEXT,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,
    "handedOverAt" TIMESTAMPTZ(3),
    "settledAt" TIMESTAMPTZ(3),

    CONSTRAINT "email_send_attempt_pkey" PRIMARY KEY ("emailId","attempt")
);

-- AddForeignKey
ALTER TABLE "email_send_attempt" ADD CONSTRAINT "email_send_attempt_emailId_fkey" FOREIGN KEY ("emailId") REFERENCES "email"("id") ON DELETE CASCADE ON UPDATE CASCADE;
