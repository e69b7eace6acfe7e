import type { Migration } from '../ledger/migrations';

/**
 * Safety tables (versions 80–89).
 * 80: the key of every imported source row (a CSV row's content and position), so re-running a file,
 *     or a corrected copy of it, never appends a row twice; the key travels in the same transaction as
 *     the row it stands for.
 */
export const safetyMigrations: Migration[] = [
  {
    version: 80,
    name: 'imported row keys',
    sql: `
CREATE TABLE import_rows (key TEXT PRIMARY KEY, doc_id TEXT NOT NULL) WITHOUT ROWID;
`,
  },
];
