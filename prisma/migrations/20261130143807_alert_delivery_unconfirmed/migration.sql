-- AlterEnum
ALTER TYPE "AlertDeliveryStatus" ADD VALUE 'UNCONFIRMED';
