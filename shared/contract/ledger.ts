import { z } from 'zod';
import { empty } from './common';
import type { SyncStatus } from './sync';
import { isValidTimeZone } from '../domain/time';
import { managerApproval } from './approval';

/** The branch label of rows recorded before this ledger had a branch; they belong to the branch assigned later. */
export const UNASSIGNED_BRANCH = 'UNASSIGNED';

/** A branch code as HQ and every PC spell it. `UNASSIGNED` is the label of rows recorded before a branch existed. */
export const branchCodeSchema = z.string().trim().min(1, 'a branch code is required').max(32, 'a branch code is at most 32 characters')
  .regex(/^[A-Za-z0-9_-]+$/, 'branch code: letters, digits, - and _ only')
  .refine((c) => c.toUpperCase() !== 'UNASSIGNED', 'UNASSIGNED is reserved: pick the branch code HQ uses');
export const timeZoneSchema = z.string().trim().refine(isValidTimeZone, 'unknown time zone: use an IANA name such as Europe/Berlin (search "Berlin")');
export const currencySchema = z.string().trim().regex(/^[A-Z]{3}$/, 'currency: a three-letter ISO code such as EUR, GBP or USD').refine((c) => {
  try { new Intl.NumberFormat('en', { style: 'currency', currency: c }); return true; } catch { return false; }
}, 'unknown currency code');
export const localeSchema = z.string().trim().min(2).max(35).refine((l) => {
  try { return Intl.getCanonicalLocales(l).length === 1 && Intl.NumberFormat.supportedLocalesOf([l]).length > 0; } catch { return false; }
}, 'unknown locale: use a tag such as en-GB, de-DE or pt-PT');

export const settingsSchema = z.object({
  branchCode: branchCodeSchema,
  branchName: z.string().trim().max(200),
  timeZone: timeZoneSchema,
  allowNegativeStock: z.boolean(),
  /** ISO 4217 code money is shown in (amounts are stored in its minor units). */
  currency: currencySchema,
  /** BCP 47 tag numbers and dates are written in, e.g. de-DE ("1.358,51 €") or en-GB ("€1,358.51"). */
  locale: localeSchema,
  /** A clerk may reverse movements recorded up to this many hours ago; older ones need a manager. */
  clerkReversalHours: z.number().int().min(0).max(8760),
});
/** What a ledger holds: `branchCode` is null until first-start setup or the first enrolment assigns it. */
export const storedSettingsSchema = settingsSchema.extend({ branchCode: branchCodeSchema.nullable() });
export type Settings = z.infer<typeof storedSettingsSchema>;

export const ledgerCommands = {
  'ledger.rebuild': z.object({ approval: managerApproval.optional() }).strict().optional().default({}),
  'ledger.check': empty,
  'ledger.verify': empty,
  'settings.get': empty,
  'settings.set': settingsSchema.partial().extend({ approval: managerApproval.optional() }),
  'app.status': empty,
  'app.progress': empty,
};

/** How far a long task (rebuild, verify, import, sync) has got; the UI shows a bar. */
export interface ProgressEvent {
  task: string;
  done: number;
  total: number;
}

export interface DriftRow {
  sku: string;
  table: string;
  field: string;
  cached: number | null;
  ledger: number;
  day?: string;
}

export interface VerifyProblem {
  seq: number;
  id: string;
  deviceId: string;
  deviceSeq: number;
  problem: string;
}

export interface LedgerResults {
  'ledger.rebuild': { movements: number; items: number; ms: number };
  'ledger.check': { ok: boolean; movements: number; drift: DriftRow[] };
  'ledger.verify': { ok: boolean; movements: number; devices: number; firstBad: VerifyProblem | null };
  'settings.get': Settings & { deviceId: string };
  'settings.set': Settings & { deviceId: string };
  'app.status': {
    /** null until the first-start setup (or an enrolment) assigns this ledger's branch. */
    branchCode: string | null;
    branchName: string;
    deviceId: string;
    movements: number;
    /** The replication state (electron/sync/status.ts): online, pending rows, last success/error, progress. */
    sync: SyncStatus;
  };
  'app.progress': { tasks: ProgressEvent[] };
}
