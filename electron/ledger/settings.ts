import type { Database } from 'better-sqlite3';
import { storedSettingsSchema, type Settings } from '../../shared/contract/ledger';
import { DEFAULT_CLERK_REVERSAL_HOURS } from '../../shared/roles/managerOnly';
import { prepared } from './prepared';

/**
 * A fresh ledger has no branch (`branchCode: null`) until the first-start setup or the first enrolment
 * assigns one (electron/identity/branch.ts); rows recorded before that belong to the branch assigned.
 */
export const DEFAULT_SETTINGS: Settings = {
  branchCode: null,
  branchName: '',
  timeZone: 'UTC',
  allowNegativeStock: false,
  currency: 'EUR',
  locale: 'en-GB',
  clerkReversalHours: DEFAULT_CLERK_REVERSAL_HOURS,
};

const sql = (db: Database) => ({
  read: db.prepare(`SELECT value FROM meta WHERE key = 'settings'`),
  write: db.prepare(`INSERT INTO meta (key, value) VALUES ('settings', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
});

// The last parsed settings per connection, keyed by the stored text: every append and point read asks
// for the settings, and validating them (the time zone check builds an Intl formatter) costs far more
// than the read itself. The row is still read every time, so a change by another process is seen.
const parsed = new WeakMap<Database, { raw: string; settings: Settings }>();

/** Branch settings live in `meta` as one JSON value; missing fields take the defaults. */
export function readSettings(db: Database): Settings {
  const row = prepared(db, sql).read.get() as { value: string } | undefined;
  if (!row) return { ...DEFAULT_SETTINGS };
  const cached = parsed.get(db);
  if (cached && cached.raw === row.value) return { ...cached.settings };
  const settings = storedSettingsSchema.parse({ ...DEFAULT_SETTINGS, ...JSON.parse(row.value) });
  parsed.set(db, { raw: row.value, settings });
  return { ...settings };
}

export function writeSettings(db: Database, patch: Partial<Settings>): Settings {
  const next = storedSettingsSchema.parse({ ...readSettings(db), ...patch });
  prepared(db, sql).write.run(JSON.stringify(next));
  return next;
}
