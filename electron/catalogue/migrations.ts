import type { Migration } from '../ledger/migrations';

/**
 * Back office (versions 90-99): what a shop keeps about an item besides the shared catalogue fields,
 * the supplier of a receipt, and the index the document journal reads a day's documents by.
 * Adding columns changes no movement; the documents table's append-only triggers stay as they were.
 */
export const backofficeMigrations: Migration[] = [
  {
    version: 90,
    name: 'item shop fields, receipt supplier, journal index',
    sql: `
ALTER TABLE items ADD COLUMN default_cost INTEGER;
ALTER TABLE items ADD COLUMN price INTEGER;
ALTER TABLE items ADD COLUMN reorder_level INTEGER;
ALTER TABLE items ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
ALTER TABLE documents ADD COLUMN supplier TEXT;
ALTER TABLE documents ADD COLUMN supplier_ref TEXT;
CREATE INDEX movements_occurred ON movements(occurred_at);
`,
  },
];
