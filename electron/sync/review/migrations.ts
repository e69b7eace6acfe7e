import type { Migration } from '../../ledger/migrations';

/**
 * Sync validation (issue 12a), versions 70–74. Bookkeeping only, never history:
 * - sync_parked: what a pull delivered that this ledger could not store (an item, a row, a transfer),
 *   with the reason; shown on the Sync screen (sync.parked) and reported to HQ (reported_at);
 * - sync_hq_gaps: rows of this branch's other devices that HQ quarantined, so verify tells a gap HQ
 *   made from a row removed behind the app's back (and can check the link across it with the hash);
 * - sync_quarantine.status/decision_note: HQ's decision on this PC's own quarantined rows.
 */
export const reviewMigrations: Migration[] = [
  {
    version: 70,
    name: 'sync review: parked pulls, HQ quarantine gaps',
    sql: `
CREATE TABLE sync_parked (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  reason TEXT NOT NULL,
  payload TEXT NOT NULL,
  at INTEGER NOT NULL,
  reported_at INTEGER,
  applied_at INTEGER,
  UNIQUE (kind, key)
);
CREATE TABLE sync_hq_gaps (
  device_id TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  hash TEXT,
  reason TEXT NOT NULL,
  status TEXT NOT NULL,
  note TEXT,
  PRIMARY KEY (device_id, device_seq)
) WITHOUT ROWID;
ALTER TABLE sync_quarantine ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
ALTER TABLE sync_quarantine ADD COLUMN decision_note TEXT;
`,
  },
];
