import type { Migration } from '../ledger/migrations';

/**
 * The replication client's tables (versions 30–39). Configuration and cursors live in `meta`
 * (sync_server_url, sync_token, sync_acked_seq, sync_pull_cursor, sync_epoch, ...). None of these
 * tables is history: they are bookkeeping about what HQ has, so they may be updated.
 */
export const syncMigrations: Migration[] = [
  {
    version: 30,
    name: 'sync client',
    sql: `
-- Headers that travel to HQ beside movements (transfers, transfer receipts). A header is due once the
-- device rows it depends on (up to after_seq) are in the same push or already acknowledged.
CREATE TABLE sync_outbox_docs (
  kind TEXT NOT NULL,
  id TEXT NOT NULL,
  payload TEXT NOT NULL,
  after_seq INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  acked_at INTEGER,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;
CREATE INDEX sync_outbox_docs_due ON sync_outbox_docs(after_seq) WHERE acked_at IS NULL;

-- Items HQ handed down in its catalogue: the rest are pushed beside the rows that use them.
CREATE TABLE sync_hq_items (sku TEXT PRIMARY KEY, updated_at TEXT NOT NULL) WITHOUT ROWID;

-- The last failures in plain words, for the sync screen (trimmed to the latest 50).
CREATE TABLE sync_errors (id INTEGER PRIMARY KEY, at INTEGER NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL);

-- Rows HQ set aside as malformed: reported to the clerk, never dropped silently.
CREATE TABLE sync_quarantine (device_seq INTEGER PRIMARY KEY, id TEXT, reason TEXT NOT NULL, at INTEGER NOT NULL);
`,
  },
];
