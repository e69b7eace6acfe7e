import type { Migration } from '../ledger/migrations';

/**
 * Transfers between branches (versions 40–49). Stock moves only through movements (transfer_out at
 * the source, transfer_in at the destination); these tables hold the headers that tie them together.
 */
export const transferMigrations: Migration[] = [
  {
    version: 40,
    name: 'transfers',
    sql: `
-- Transfers this branch sent, and transfers to it learned from HQ. lines: JSON [{sku, qty, unitCost}].
CREATE TABLE transfers (
  id TEXT PRIMARY KEY,
  from_branch TEXT NOT NULL,
  to_branch TEXT NOT NULL,
  lines TEXT NOT NULL,
  sent_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  note TEXT,
  learned_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX transfers_to ON transfers(to_branch, sent_at);
CREATE INDEX transfers_from ON transfers(from_branch, sent_at);

-- One receipt per transfer: the primary key is what refuses receiving twice.
-- lines: JSON [{sku, sent, received, note}].
CREATE TABLE transfer_receipts (
  transfer_id TEXT PRIMARY KEY,
  branch TEXT NOT NULL,
  lines TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  learned_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TRIGGER transfer_receipts_no_update BEFORE UPDATE ON transfer_receipts
BEGIN SELECT RAISE(ABORT, 'transfer receipts are final: record a correction instead'); END;
CREATE TRIGGER transfer_receipts_no_delete BEFORE DELETE ON transfer_receipts
BEGIN SELECT RAISE(ABORT, 'transfer receipts are final: record a correction instead'); END;
`,
  },
];
