import type { Role } from '../db/generated/enums';

/** Staff who may read any conversation (read-only) and see the status dashboard. */
export const STAFF_ROLES: readonly Role[] = ['SUPPORT', 'ENGINEER', 'MANAGER', 'ADMIN'];
/** Who may export vendor reliability reports. */
export const REPORT_ROLES: readonly Role[] = ['MANAGER', 'ADMIN'];
/** Marketplace members who chat. The synthetic monitor user behaves as a client. */
export const MEMBER_ROLES: readonly Role[] = ['CLIENT', 'DESIGNER', 'SYNTHETIC'];

export function hasRole(role: Role, allowed: readonly Role[]): boolean {
  return allowed.includes(role);
}
