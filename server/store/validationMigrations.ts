/**
 * HQ schema for sync validation (issue 12a), version 70 in both stores (the range this concern owns):
 * - quarantine rows get a change sequence (server_seq) and the row's own hash, so a branch's other PCs
 *   learn by pull that HQ set a row aside (verify then understands the gap it leaves) and can check the
 *   link across it;
 * - quarantine_resolutions: an operator's accept / reject of a quarantined row, append-only like the
 *   quarantine itself (a decision is never edited);
 * - parked_reports: what a PC could not store from a pull, reported with the reason.
 */
const common = (bigint: string, serial: string) => `
ALTER TABLE quarantine ADD COLUMN server_seq ${bigint};
ALTER TABLE quarantine ADD COLUMN hash TEXT;
CREATE INDEX quarantine_branch_seq ON quarantine(branch, server_seq);

CREATE TABLE quarantine_resolutions (
  quarantine_id ${bigint} PRIMARY KEY REFERENCES quarantine(id),
  server_seq ${bigint} NOT NULL UNIQUE,
  branch TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'rejected')),
  note TEXT NOT NULL,
  actor TEXT NOT NULL,
  movement_id TEXT,
  reversal_id TEXT,
  resolved_at TEXT NOT NULL
);
CREATE INDEX quarantine_resolutions_branch_seq ON quarantine_resolutions(branch, server_seq);

CREATE TABLE parked_reports (
  id ${serial} PRIMARY KEY,
  device_id TEXT NOT NULL,
  branch TEXT NOT NULL,
  kind TEXT NOT NULL,
  key TEXT NOT NULL,
  reason TEXT NOT NULL,
  parked_at TEXT NOT NULL,
  reported_at TEXT NOT NULL,
  UNIQUE (device_id, kind, key)
);
`;

export const sqliteValidationMigration = {
  version: 70,
  sql: `${common('INTEGER', 'INTEGER')}
CREATE TRIGGER quarantine_resolutions_no_update BEFORE UPDATE ON quarantine_resolutions
BEGIN SELECT RAISE(ABORT, 'a quarantine decision is kept as made'); END;
CREATE TRIGGER quarantine_resolutions_no_delete BEFORE DELETE ON quarantine_resolutions
BEGIN SELECT RAISE(ABORT, 'a quarantine decision is kept as made'); END;
`,
};

export const pgValidationMigration = {
  version: 70,
  sql: `${common('BIGINT', 'BIGSERIAL')}
CREATE TRIGGER quarantine_resolutions_append_only BEFORE UPDATE OR DELETE ON quarantine_resolutions FOR EACH ROW EXECUTE FUNCTION hq_refuse_change();
REVOKE UPDATE, DELETE, TRUNCATE ON quarantine_resolutions FROM PUBLIC;
`,
};
