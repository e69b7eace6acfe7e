import { hqBarcodeMigrations } from '../hqBarcodeMigrations';
import { identitySql } from '../identitySchema';

import { sqliteValidationMigration } from '../validationMigrations';
import { hqConflictMigrations } from '../hqConflictMigrations';
import { consoleSqliteMigrations } from '../../console/schema';
import { hqSafetyMigrations } from '../hqSafetyMigrations';

/**
 * HQ's embedded SQLite schema, versioned in PRAGMA user_version (HQ has its own file, so its
 * numbers do not clash with the branch ledger's). A migration never updates or deletes a movement.
 *
 * server_seq is HQ's single change sequence across movements, items, transfers and receipts (the pull
 * cursor); it is allocated from meta.change_seq inside the write transaction.
 */
export const sqliteMigrations: Array<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE branches (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;

CREATE TABLE enrollment_codes (
  code_hash TEXT PRIMARY KEY,
  branch TEXT NOT NULL REFERENCES branches(code),
  created_at TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at TEXT,
  used_by TEXT
) WITHOUT ROWID;

CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  branch TEXT NOT NULL REFERENCES branches(code),
  name TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT,
  last_push_at TEXT,
  last_seq INTEGER NOT NULL DEFAULT 0,
  last_hash TEXT,
  pending INTEGER,
  clock_skew_ms INTEGER
) WITHOUT ROWID;

CREATE TABLE items (
  sku TEXT PRIMARY KEY,
  server_seq INTEGER NOT NULL,
  name TEXT NOT NULL,
  category TEXT, brand TEXT, barcode TEXT, unit TEXT,
  needs_review INTEGER NOT NULL DEFAULT 0,
  learned_from TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX items_seq ON items(server_seq);

CREATE TABLE movements (
  server_seq INTEGER PRIMARY KEY,
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
  occurred_at TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (device_id, device_seq)
);
CREATE INDEX movements_branch_seq ON movements(branch, server_seq);
CREATE INDEX movements_sku_branch ON movements(sku, branch);
CREATE TRIGGER movements_no_update BEFORE UPDATE ON movements
BEGIN SELECT RAISE(ABORT, 'HQ movements are append-only: a correction is a new movement from the branch'); END;
CREATE TRIGGER movements_no_delete BEFORE DELETE ON movements
BEGIN SELECT RAISE(ABORT, 'HQ movements are append-only: a correction is a new movement from the branch'); END;

CREATE TABLE quarantine (
  id INTEGER PRIMARY KEY,
  device_id TEXT NOT NULL,
  branch TEXT NOT NULL,
  device_seq INTEGER NOT NULL,
  movement_id TEXT,
  reason TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (device_id, device_seq)
);
CREATE TRIGGER quarantine_no_update BEFORE UPDATE ON quarantine
BEGIN SELECT RAISE(ABORT, 'quarantined rows are kept as received'); END;
CREATE TRIGGER quarantine_no_delete BEFORE DELETE ON quarantine
BEGIN SELECT RAISE(ABORT, 'quarantined rows are kept as received'); END;

CREATE TABLE transfers (
  id TEXT PRIMARY KEY,
  server_seq INTEGER NOT NULL UNIQUE,
  from_branch TEXT NOT NULL,
  to_branch TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT,
  stored_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX transfers_from ON transfers(from_branch, server_seq);
CREATE INDEX transfers_to ON transfers(to_branch, server_seq);
CREATE TABLE transfer_lines (
  transfer_id TEXT NOT NULL REFERENCES transfers(id),
  line_no INTEGER NOT NULL,
  sku TEXT NOT NULL,
  qty INTEGER NOT NULL,
  unit_cost INTEGER,
  PRIMARY KEY (transfer_id, line_no)
) WITHOUT ROWID;
CREATE INDEX transfer_lines_sku ON transfer_lines(sku);

CREATE TABLE transfer_receipts (
  transfer_id TEXT PRIMARY KEY,
  server_seq INTEGER NOT NULL UNIQUE,
  branch TEXT NOT NULL,
  from_branch TEXT,
  lines TEXT NOT NULL,
  received_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  stored_at TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX receipts_branch ON transfer_receipts(branch, server_seq);
CREATE INDEX receipts_from ON transfer_receipts(from_branch, server_seq);

-- Cache: per-branch balance, updated in the push transaction; recomputable from movements.
CREATE TABLE balances (
  branch TEXT NOT NULL, sku TEXT NOT NULL, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL,
  PRIMARY KEY (branch, sku)
) WITHOUT ROWID;
CREATE INDEX balances_negative ON balances(on_hand) WHERE on_hand < 0;

-- When a branch's on-hand went below zero (flagged for a compensating movement, never refused).
CREATE TABLE negative_events (
  id INTEGER PRIMARY KEY,
  branch TEXT NOT NULL, sku TEXT NOT NULL, on_hand INTEGER NOT NULL, detected_at TEXT NOT NULL
);
CREATE INDEX negative_events_pair ON negative_events(branch, sku);
`,
  },
  sqliteValidationMigration,
  ...hqConflictMigrations,
  // After 75 (SQLite applies versions above its user_version only): 80, 90, 170.
  ...hqSafetyMigrations,
  { version: 90, sql: identitySql('INTEGER PRIMARY KEY') },
  ...consoleSqliteMigrations,
  ...hqBarcodeMigrations,
];
