import { hqBarcodeMigrations } from '../hqBarcodeMigrations';
import { identitySql } from '../identitySchema';

import { pgValidationMigration } from '../validationMigrations';
import { hqConflictMigrations } from '../hqConflictMigrations';
import { consolePgMigrations } from '../../console/schema';
import { hqSafetyMigrations } from '../hqSafetyMigrations';

/**
 * HQ's PostgreSQL schema, applied on start (in order, recorded in hq_schema, under an advisory lock so
 * two HQ processes never migrate at once). Same tables as the SQLite store; HQ-stamped times are ISO
 * strings (TEXT) so both stores answer byte-identical JSON. server_seq comes from one sequence.
 *
 * movements (and quarantine) are append-only twice over: a trigger refuses UPDATE, DELETE and
 * TRUNCATE for every role, and the privilege is revoked from PUBLIC (and from the app role, when one
 * is configured: see pgBackend.ts).
 */
export const pgMigrations: Array<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE SEQUENCE hq_change_seq;

CREATE TABLE branches (code TEXT PRIMARY KEY, name TEXT NOT NULL, created_at TEXT NOT NULL);

CREATE TABLE enrollment_codes (
  code_hash TEXT PRIMARY KEY,
  branch TEXT NOT NULL REFERENCES branches(code),
  created_at TEXT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at TEXT,
  used_by TEXT
);

CREATE TABLE devices (
  device_id TEXT PRIMARY KEY,
  branch TEXT NOT NULL REFERENCES branches(code),
  name TEXT,
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_at TEXT NOT NULL,
  revoked_at TEXT,
  last_seen_at TEXT,
  last_push_at TEXT,
  last_seq BIGINT NOT NULL DEFAULT 0,
  last_hash TEXT,
  pending BIGINT,
  clock_skew_ms BIGINT
);

CREATE TABLE items (
  sku TEXT PRIMARY KEY,
  server_seq BIGINT NOT NULL,
  name TEXT NOT NULL,
  category TEXT, brand TEXT, barcode TEXT, unit TEXT,
  needs_review INTEGER NOT NULL DEFAULT 0,
  learned_from TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX items_seq ON items(server_seq);

CREATE TABLE movements (
  server_seq BIGINT PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  device_id TEXT NOT NULL,
  device_seq BIGINT NOT NULL,
  branch TEXT NOT NULL,
  sku TEXT NOT NULL,
  kind TEXT NOT NULL,
  qty BIGINT NOT NULL,
  on_hand_delta BIGINT NOT NULL,
  reserved_delta BIGINT NOT NULL,
  unit_cost BIGINT,
  doc_type TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  doc_line BIGINT NOT NULL,
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

CREATE TABLE quarantine (
  id BIGSERIAL PRIMARY KEY,
  device_id TEXT NOT NULL,
  branch TEXT NOT NULL,
  device_seq BIGINT NOT NULL,
  movement_id TEXT,
  reason TEXT NOT NULL,
  payload TEXT NOT NULL,
  received_at TEXT NOT NULL,
  UNIQUE (device_id, device_seq)
);

CREATE FUNCTION hq_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'HQ % rows are append-only: a correction is a new movement from the branch', TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END $fn$;
CREATE TRIGGER movements_append_only BEFORE UPDATE OR DELETE ON movements FOR EACH ROW EXECUTE FUNCTION hq_refuse_change();
CREATE TRIGGER movements_no_truncate BEFORE TRUNCATE ON movements FOR EACH STATEMENT EXECUTE FUNCTION hq_refuse_change();
CREATE TRIGGER quarantine_append_only BEFORE UPDATE OR DELETE ON quarantine FOR EACH ROW EXECUTE FUNCTION hq_refuse_change();
CREATE TRIGGER quarantine_no_truncate BEFORE TRUNCATE ON quarantine FOR EACH STATEMENT EXECUTE FUNCTION hq_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON movements, quarantine FROM PUBLIC;

CREATE TABLE transfers (
  id TEXT PRIMARY KEY,
  server_seq BIGINT NOT NULL UNIQUE,
  from_branch TEXT NOT NULL,
  to_branch TEXT NOT NULL,
  sent_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  note TEXT,
  stored_at TEXT NOT NULL
);
CREATE INDEX transfers_from ON transfers(from_branch, server_seq);
CREATE INDEX transfers_to ON transfers(to_branch, server_seq);
CREATE TABLE transfer_lines (
  transfer_id TEXT NOT NULL REFERENCES transfers(id),
  line_no BIGINT NOT NULL,
  sku TEXT NOT NULL,
  qty BIGINT NOT NULL,
  unit_cost BIGINT,
  PRIMARY KEY (transfer_id, line_no)
);
CREATE INDEX transfer_lines_sku ON transfer_lines(sku);

CREATE TABLE transfer_receipts (
  transfer_id TEXT PRIMARY KEY,
  server_seq BIGINT NOT NULL UNIQUE,
  branch TEXT NOT NULL,
  from_branch TEXT,
  lines TEXT NOT NULL,
  received_at TEXT NOT NULL,
  actor TEXT NOT NULL,
  stored_at TEXT NOT NULL
);
CREATE INDEX receipts_branch ON transfer_receipts(branch, server_seq);
CREATE INDEX receipts_from ON transfer_receipts(from_branch, server_seq);

CREATE TABLE balances (
  branch TEXT NOT NULL, sku TEXT NOT NULL, on_hand BIGINT NOT NULL, reserved BIGINT NOT NULL,
  PRIMARY KEY (branch, sku)
);
CREATE INDEX balances_negative ON balances(on_hand) WHERE on_hand < 0;

CREATE TABLE negative_events (
  id BIGSERIAL PRIMARY KEY,
  branch TEXT NOT NULL, sku TEXT NOT NULL, on_hand BIGINT NOT NULL, detected_at TEXT NOT NULL
);
CREATE INDEX negative_events_pair ON negative_events(branch, sku);
`,
  },
  pgValidationMigration,
  ...hqConflictMigrations,
  // After 75 (SQLite applies versions above its user_version only): 80, 90, 170.
  ...hqSafetyMigrations,
  { version: 90, sql: identitySql('BIGSERIAL PRIMARY KEY') },
  ...consolePgMigrations,
  ...hqBarcodeMigrations,
];
