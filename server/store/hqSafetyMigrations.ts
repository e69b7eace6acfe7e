/**
 * HQ schema for sealed rows (issue 13): version 80 on both stores (this concern's range). HQ issues each
 * device a sealing key at enrolment and keeps it to verify the device's rows from seal_from on. Secret:
 * never in an export, a log or an answer other than the enrolment's.
 */
const SQL = `CREATE TABLE IF NOT EXISTS device_seals (device_id TEXT PRIMARY KEY, seal_key TEXT NOT NULL, seal_from BIGINT NOT NULL, issued_at TEXT NOT NULL);`;

export const hqSafetyMigrations: Array<{ version: number; sql: string }> = [{ version: 80, sql: SQL }];
