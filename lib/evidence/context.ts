import { getConfig } from '../config';
import { getDb } from '../db/client';
import type { EvidenceContext } from './get-incident-evidence';

export function evidenceContext(): EvidenceContext {
  return { db: getDb(), vendor: getConfig().CHAT_VENDOR };
}
