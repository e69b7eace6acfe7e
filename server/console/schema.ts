/**
 * The console's own tables, appended to HQ's migration lists (server/store/{sqlite,postgres}/schema.ts) under the
 * versions reserved for it (170–179), so they are created by the owner and granted to the app role
 * like every other HQ table.
 *
 * review_notes is append-only: marking a quarantined row, a negative balance or an unknown SKU as
 * handled is a new note, never an edit of the row it is about.
 */
const common = (serial: string, bigint: string) => `
CREATE TABLE operators (
  name TEXT PRIMARY KEY,
  role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  disabled_at TEXT,
  password_changed_at TEXT NOT NULL
);

CREATE TABLE operator_sessions (
  token_hash TEXT PRIMARY KEY,
  operator TEXT NOT NULL REFERENCES operators(name),
  csrf TEXT NOT NULL,
  created_at ${bigint} NOT NULL,
  last_used_at ${bigint} NOT NULL,
  expires_at ${bigint} NOT NULL,
  revoked_at TEXT,
  address TEXT
);
CREATE INDEX operator_sessions_operator ON operator_sessions(operator);

CREATE TABLE review_notes (
  id ${serial} PRIMARY KEY,
  queue TEXT NOT NULL CHECK (queue IN ('quarantine', 'negative', 'unknown_sku')),
  ref TEXT NOT NULL,
  handled INTEGER NOT NULL,
  note TEXT NOT NULL,
  operator TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX review_notes_ref ON review_notes(queue, ref);

CREATE TABLE device_activity (
  device_id TEXT PRIMARY KEY,
  last_pull_at TEXT,
  last_push_at TEXT,
  pushes ${bigint} NOT NULL DEFAULT 0,
  app_version TEXT,
  last_error TEXT,
  last_error_at TEXT
);
`;

export const consoleSqliteMigrations: Array<{ version: number; sql: string }> = [
  {
    version: 170,
    sql: `${common('INTEGER', 'INTEGER')}
CREATE TRIGGER review_notes_no_update BEFORE UPDATE ON review_notes
BEGIN SELECT RAISE(ABORT, 'review notes are append-only: add another note'); END;
CREATE TRIGGER review_notes_no_delete BEFORE DELETE ON review_notes
BEGIN SELECT RAISE(ABORT, 'review notes are append-only: add another note'); END;
`,
  },
];

export const consolePgMigrations: Array<{ version: number; sql: string }> = [
  {
    version: 170,
    sql: `${common('BIGSERIAL', 'BIGINT')}
CREATE TRIGGER review_notes_append_only BEFORE UPDATE OR DELETE ON review_notes FOR EACH ROW EXECUTE FUNCTION hq_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON review_notes FROM PUBLIC;
`,
  },
];
