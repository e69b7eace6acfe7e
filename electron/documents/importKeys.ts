import type { Migration } from '../ledger/migrations';

/**
 * The key of an imported source row, as stored: a CSV row's key is 32 hex digits (a SHA-256 prefix,
 * electron/csv/movementsImport.ts rowKey), kept as its 16 bytes; any other key a caller of
 * documents.import chose is kept whole, behind a zero byte so it can never equal a digest of another
 * length. The text form cost 33 bytes a row in the table and again in its index page.
 */
export function importKeyBytes(key: string): Buffer {
  return /^[0-9a-f]{32}$/.test(key) ? Buffer.from(key, 'hex') : Buffer.concat([Buffer.from([0]), Buffer.from(key, 'utf8')]);
}

/** importKeyBytes as upper-case hex (what SQLite's hex() gives back), for keys passed to SQL as JSON text. */
export function importKeyHex(key: string): string {
  return /^[0-9a-f]{32}$/.test(key) ? key.toUpperCase() : importKeyBytes(key).toString('hex').toUpperCase();
}

/** The same mapping in SQL, for the migration that copies the keys a file already has. */
const keyBytesSql = (col: string) =>
  `CASE WHEN length(${col}) = 32 AND ${col} NOT GLOB '*[^0-9a-f]*' THEN unhex(${col}) ELSE unhex('00' || hex(${col})) END`;

/**
 * Perf migrations (versions 130–139).
 * 130: import row keys as compact blobs (import_keys replaces import_rows; every key copied in the same
 *      transaction, the old table dropped only after). Not the movement table: no movement is touched.
 */
export const importKeyMigrations: Migration[] = [
  {
    version: 130,
    name: 'compact import row keys',
    sql: `
CREATE TABLE import_keys (key BLOB PRIMARY KEY, doc_id TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO import_keys (key, doc_id) SELECT ${keyBytesSql('key')}, doc_id FROM import_rows WHERE true ON CONFLICT (key) DO NOTHING;
DROP TABLE import_rows;
`,
  },
];
