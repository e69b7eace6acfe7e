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

/**
 * Several barcodes per item (versions 100-109): old and new packaging, the supplier's and the maker's
 * code. item_barcodes holds every code of every item, the primary at position 0; its primary key makes a
 * code find one item only. items.barcode stays as the primary for callers that know one code; the
 * triggers keep the two in step whatever writes items.barcode (pull, upsert, older code paths). They delete
 * before inserting rather than INSERT OR REPLACE: inside a trigger the outer statement's conflict rule
 * (an upsert's) wins over the trigger's own.
 */
export const barcodeMigrations: Migration[] = [
  {
    version: 100,
    name: 'several barcodes per item',
    sql: `
CREATE TABLE item_barcodes (
  barcode TEXT PRIMARY KEY,
  sku TEXT NOT NULL REFERENCES items(sku) ON DELETE CASCADE,
  position INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX item_barcodes_sku ON item_barcodes(sku, position);
-- A code two items shared before (nothing refused it on every path) stays with the latest edited one.
INSERT OR IGNORE INTO item_barcodes (barcode, sku, position)
  SELECT barcode, sku, 0 FROM items WHERE barcode IS NOT NULL AND barcode <> '' ORDER BY updated_at DESC, sku;
CREATE TRIGGER items_barcode_insert AFTER INSERT ON items WHEN new.barcode IS NOT NULL AND new.barcode <> ''
BEGIN
  DELETE FROM item_barcodes WHERE barcode = new.barcode;
  INSERT INTO item_barcodes (barcode, sku, position) VALUES (new.barcode, new.sku, 0);
END;
CREATE TRIGGER items_barcode_update AFTER UPDATE OF barcode ON items WHEN old.barcode IS NOT new.barcode
BEGIN
  DELETE FROM item_barcodes WHERE (sku = new.sku AND position = 0) OR barcode = new.barcode;
  INSERT INTO item_barcodes (barcode, sku, position) SELECT new.barcode, new.sku, 0 WHERE new.barcode IS NOT NULL AND new.barcode <> '';
END;
`,
  },
];
