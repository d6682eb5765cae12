-- AlterEnum
ALTER TYPE "CheckRunTrigger" ADD VALUE 'RUM';
