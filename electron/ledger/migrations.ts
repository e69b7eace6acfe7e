import type { Database } from 'better-sqlite3';
import { noProgress, type ProgressListener } from './progress';

/**
 * Schema versions, applied in order and recorded in PRAGMA user_version. A migration may add tables,
 * columns, indexes and derived caches; it never updates or deletes a movement.
 * Other concerns (stock take, sync, costs) keep their own lists; `open.ts` runs them all.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql`, in the same transaction (long work reports progress); throwing rolls every pending migration back. */
  run?: (db: Database, progress: ProgressListener) => void;
  /**
   * The migration frees much of the file (a table copied into a new layout): VACUUM after it, so an
   * existing file shrinks now instead of keeping the old table's pages as free space.
   */
  compactAfter?: boolean;
}

/** Triggers that make a table refuse UPDATE and DELETE, with a sentence saying what to do instead. */
export const appendOnlyTriggers = (table: string, what: string) => `
CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} are append-only: ${what}'); END;
CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
BEGIN SELECT RAISE(ABORT, '${table} are append-only: ${what}'); END;`;

export const coreMigrations: Migration[] = [
  {
    version: 1,
    name: 'ledger core',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE items (
  sku TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  category TEXT,
  brand TEXT,
  barcode TEXT,
  unit TEXT NOT NULL DEFAULT 'pcs',
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX items_barcode ON items(barcode) WHERE barcode IS NOT NULL;
CREATE INDEX items_category ON items(category);
CREATE INDEX items_brand ON items(brand);

-- The ledger. seq is this file's position; (device_id, device_seq) is the origin's position.
CREATE TABLE movements (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  branch TEXT NOT NULL,
  sku TEXT NOT NULL,
  kind TEXT NOT NULL,
  qty INTEGER NOT NULL,
  on_hand_delta INTEGER NOT NULL,
  reserved_delta INTEGER NOT NULL,
  unit_cost INTEGER,
  doc_type TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  doc_line INTEGER NOT NULL,
  reverses TEXT,
  note TEXT,
  actor TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  learned_at INTEGER NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  UNIQUE (device_id, device_seq)
);
CREATE INDEX movements_sku ON movements(sku);
CREATE INDEX movements_sku_occurred ON movements(sku, occurred_at);
CREATE INDEX movements_learned ON movements(learned_at);
CREATE INDEX movements_doc ON movements(doc_type, doc_id);
-- A movement can be reversed once: the database itself refuses a second reversal.
CREATE UNIQUE INDEX movements_reverses ON movements(reverses) WHERE reverses IS NOT NULL;
${appendOnlyTriggers('movements', 'record a reversal or an adjustment instead')}

-- Idempotency: the first request under a document id, so a repeat returns the first result.
CREATE TABLE documents (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  request_hash TEXT NOT NULL
) WITHOUT ROWID;
${appendOnlyTriggers('documents', 'a recorded document cannot change')}

-- Reservation headers (who, until when). How much is still held is derived from movements.
CREATE TABLE reservations (
  ref TEXT PRIMARY KEY,
  sku TEXT NOT NULL,
  qty INTEGER NOT NULL,
  customer TEXT,
  expires_at INTEGER,
  created_at INTEGER NOT NULL,
  actor TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX reservations_expires ON reservations(expires_at) WHERE expires_at IS NOT NULL;

-- Caches: disposable, rebuilt from movements by ledger.rebuild, checked by ledger.check.
CREATE TABLE balances (
  sku TEXT PRIMARY KEY,
  on_hand INTEGER NOT NULL,
  reserved INTEGER NOT NULL,
  movements INTEGER NOT NULL
) WITHOUT ROWID;
-- Closing balance at the end of each branch-local day that had movements, by business time...
CREATE TABLE snapshots_occurred (
  sku TEXT NOT NULL, day TEXT NOT NULL, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL,
  PRIMARY KEY (sku, day)
) WITHOUT ROWID;
-- ...and by the time this ledger learned of the movement ("what did we believe then").
CREATE TABLE snapshots_learned (
  sku TEXT NOT NULL, day TEXT NOT NULL, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL,
  PRIMARY KEY (sku, day)
) WITHOUT ROWID;
`,
  },
  {
    version: 2,
    name: 'covering item indexes',
    // The per-item indexes carry the deltas, so a fold over an item's rows (the cache-free fold,
    // "as of" the same day, "believed at" a seq range, the trail's later-rows sum) reads the index
    // alone instead of one table page per row: the busiest item's rows are spread over the whole file.
    sql: `
DROP INDEX movements_sku;
CREATE INDEX movements_sku ON movements(sku, seq, on_hand_delta, reserved_delta);
DROP INDEX movements_sku_occurred;
CREATE INDEX movements_sku_occurred ON movements(sku, occurred_at, on_hand_delta, reserved_delta);
`,
  },
];

/** A ledger file from a newer app version: refused, never migrated down or guessed at. */
export class NewerLedgerError extends Error {
  readonly code = 'NEWER_LEDGER';
}

const APPLIED_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`;

/**
 * Files from before `schema_migrations` recorded only PRAGMA user_version, and every migration up to
 * it had been applied: record those as applied so they are not run twice.
 */
function adoptUserVersion(db: Database, all: Migration[]): void {
  const old = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    db.exec(APPLIED_TABLE);
    const insert = db.prepare('INSERT OR IGNORE INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    for (const m of all) if (m.version <= old) insert.run(m.version, m.name, 0);
  }).immediate();
}

/**
 * Applies every migration this file has not had yet, each recorded in `schema_migrations`.
 * Concerns own version ranges, so a migration added later with a lower number than one already
 * applied (a new stock-take table on a file that already has the costs tables) still runs:
 * what counts is the set applied, not the highest number. PRAGMA user_version mirrors the highest.
 */
export function migrate(db: Database, migrations: Migration[], beforeMigrating?: (pending: Migration[]) => void, progress: ProgressListener = noProgress): number {
  const all = [...migrations].sort((a, b) => a.version - b.version);
  const seen = new Set<number>();
  for (const m of all) {
    if (seen.has(m.version)) throw new Error(`two migrations share version ${m.version}`);
    seen.add(m.version);
  }
  const appliedVersions = () => {
    if (!db.prepare(`SELECT 1 FROM sqlite_master WHERE name = 'schema_migrations'`).get()) adoptUserVersion(db, all);
    return new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
  };
  const applied = appliedVersions();
  // A file a newer app has migrated has versions this app does not know: refuse it rather than guess.
  const unknown = [...applied].filter((v) => !seen.has(v)).sort((a, b) => a - b);
  if (unknown.length) {
    throw new NewerLedgerError(`This ledger file was written by a newer version of Stock Ledger (it has schema version${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}, which this app does not know). Nothing was changed. Update the app on this PC, or open the file with the version that wrote it.`);
  }
  const pending = all.filter((m) => !applied.has(m.version));
  if (pending.length === 0) return db.pragma('user_version', { simple: true }) as number;
  // A file with history gets a backup first; a brand-new file has nothing to lose. The upgrade says so
  // before the backup (which reports nothing, and copies the whole file: 13 s at 5 M movements), so the
  // app can show its upgrade page from the start, even when the migrations themselves are quick.
  if (applied.size > 0) {
    progress({ task: 'upgrade', done: 0, total: 0 });
    beforeMigrating?.(pending);
  }
  // IMMEDIATE: two processes opening a fresh file at once must not both migrate it. One transaction for
  // every pending migration: if any fails, the file is exactly as it was (SQLite DDL is transactional).
  db.transaction(() => {
    const applied = appliedVersions();
    for (const m of all) {
      if (applied.has(m.version)) continue;
      db.exec(m.sql);
      m.run?.(db, progress);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
    }
    db.pragma(`user_version = ${Math.max(0, ...all.map((m) => m.version))}`);
  }).immediate();
  if (applied.size > 0 && pending.some((m) => m.compactAfter)) compact(db, progress);
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * VACUUM once after a migration that freed much of the file. Not part of the migration: it cannot run
 * in a transaction, and a file it could not compact (a full disk) is still a migrated, correct file,
 * only larger until new rows reuse the free pages.
 */
function compact(db: Database, progress: ProgressListener): void {
  progress({ task: 'compact', done: 0, total: 1 });
  try {
    db.exec('VACUUM');
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Left as it is: the next start does not try again (the migration is recorded), new rows fill the space.
  }
  progress({ task: 'compact', done: 1, total: 1 });
}
