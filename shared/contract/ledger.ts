import { z } from 'zod';
import { empty } from './common';
import type { SyncStatus } from './sync';

export const settingsSchema = z.object({
  branchCode: z.string().trim().min(1).max(32).regex(/^[A-Za-z0-9_-]+$/, 'branch code: letters, digits, - and _ only'),
  branchName: z.string().trim().max(200),
  timeZone: z.string().refine((tz) => {
    try { new Intl.DateTimeFormat('en', { timeZone: tz }); return true; } catch { return false; }
  }, 'unknown time zone: use an IANA name such as Europe/Berlin'),
  allowNegativeStock: z.boolean(),
  /** ISO 4217 code money is shown in (amounts are stored in its minor units). */
  currency: z.string().trim().regex(/^[A-Z]{3}$/, 'currency: a three-letter ISO code such as EUR, GBP or USD').refine((c) => {
    try { new Intl.NumberFormat('en', { style: 'currency', currency: c }); return true; } catch { return false; }
  }, 'unknown currency code'),
  /** BCP 47 tag numbers and dates are written in, e.g. de-DE ("1.358,51 €") or en-GB ("€1,358.51"). */
  locale: z.string().trim().min(2).max(35).refine((l) => {
    try { return Intl.NumberFormat.supportedLocalesOf([l]).length > 0; } catch { return false; }
  }, 'unknown locale: use a tag such as en-GB, de-DE or pt-PT'),
});
export type Settings = z.infer<typeof settingsSchema>;

export const ledgerCommands = {
  'ledger.rebuild': empty,
  'ledger.check': empty,
  'ledger.verify': empty,
  'settings.get': empty,
  'settings.set': settingsSchema.partial(),
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
    branchCode: string;
    branchName: string;
    deviceId: string;
    movements: number;
    /** The replication state (electron/sync/status.ts): online, pending rows, last success/error, progress. */
    sync: SyncStatus;
  };
  'app.progress': { tasks: ProgressEvent[] };
}
