/**
 * HQ schema for branch identity and enrolment (the same SQL on SQLite and PostgreSQL), version 90:
 * - branches.time_zone: HQ hands a branch's zone to a PC set up by enrolment.
 * - devices.key_hash: the key a device id first enrolled with; nobody else may take that id over.
 * - devices.pre_branch_through_seq: this device's rows up to here were recorded before its PC had a
 *   branch and carry an older label; HQ files them under the device's branch.
 * - movements.recorded_branch: that older label, kept verbatim (the row's hash covers it) when it
 *   differs from `branch`, which is always the branch the row belongs to. No movement is changed.
 * - enrollment_log: every enrolment attempt, refusals with their reason (`stock-ledger-hq enrolments`).
 */
export const identitySql = (idColumn: string) => `
ALTER TABLE branches ADD COLUMN time_zone TEXT;
ALTER TABLE devices ADD COLUMN key_hash TEXT;
ALTER TABLE devices ADD COLUMN pre_branch_through_seq BIGINT NOT NULL DEFAULT 0;
ALTER TABLE movements ADD COLUMN recorded_branch TEXT;
CREATE TABLE enrollment_log (
  id ${idColumn},
  at TEXT NOT NULL,
  outcome TEXT NOT NULL,
  branch TEXT,
  device_id TEXT,
  device_name TEXT,
  reason TEXT,
  request_id TEXT,
  client TEXT
);
`;
