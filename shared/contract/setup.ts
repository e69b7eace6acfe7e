import { z } from 'zod';
import { managerApproval } from './approval';
import { branchCodeSchema, currencySchema, localeSchema, timeZoneSchema, type Settings } from './ledger';
import { clerkName, pin, type Clerk } from './users';

function isHttpUrl(u: string): boolean {
  try {
    return /^https?:$/.test(new URL(u).protocol);
  } catch {
    return false;
  }
}

/**
 * First start: before the app records anything, the shop says which branch it is (code, name, time
 * zone), its currency and locale, and who its first manager is; or it connects to HQ first, and the
 * enrolment code sets the branch (HQ supplies its name and zone).
 */
export const setupCommands = {
  'setup.status': z.object({}).strict().optional().default({}),
  'setup.complete': z.object({
    branch: z.object({
      code: branchCodeSchema,
      name: z.string().trim().min(1, 'the branch name is required (e.g. "Berlin Mitte")').max(200),
      timeZone: timeZoneSchema,
    }).strict().optional(),
    hq: z.object({
      serverUrl: z.string().trim().max(500).refine(isHttpUrl, 'HQ\'s address looks like http://hq.example:8787'),
      enrollmentCode: z.string().trim().min(4, 'the enrolment code is at least 4 characters').max(100),
      deviceName: z.string().trim().max(200).optional(),
    }).strict().optional(),
    /** The zone to use when connecting to HQ first and HQ has none for the branch (default: the PC's). */
    timeZone: timeZoneSchema.optional(),
    currency: currencySchema,
    locale: localeSchema,
    manager: z.object({ name: clerkName, pin }).strict().optional(),
    approval: managerApproval.optional(),
  }).strict().refine((p) => (p.branch === undefined) !== (p.hq === undefined), 'give either the branch (code, name, time zone) or HQ\'s address and an enrolment code'),
};

export interface SetupStatus {
  /** True until the ledger has a branch and a manager: the app shows the setup screen. */
  needed: boolean;
  branchAssigned: boolean;
  hasUsers: boolean;
  /** Movements recorded before setup (a CLI user, an import): they will belong to the branch set up. */
  movements: number;
  settings: Settings;
}

export interface SetupResults {
  'setup.status': SetupStatus;
  'setup.complete': { settings: Settings; manager: Clerk | null; enrolled: boolean };
}
