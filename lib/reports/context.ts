import { getConfig } from '../config';
import { getDb } from '../db/client';
import type { ReportContext } from './build-report';

/** The process-wide report context: the shared client, the configured vendor and SLA target. */
export function reportContext(): ReportContext {
  const config = getConfig();
  return { db: getDb(), defaultVendor: config.CHAT_VENDOR, slaTargetPercent: config.REPORT_SLA_TARGET_PERCENT };
}
