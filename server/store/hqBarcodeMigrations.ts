/**
 * HQ's catalogue keeps several barcodes per item (version 180 on both stores, this concern's range):
 * item_barcodes holds every code of every item, the primary (items.barcode) at position 0; its primary
 * key makes a code belong to one item only, as on the branch. Existing primaries are carried over (a code
 * two items shared keeps the first item by SKU; nothing at HQ refused such a pair before). A code taken off
 * an item keeps its row with sku NULL: HQ's PostgreSQL app role may not DELETE, and needs no DELETE here.
 */
const SQL = `
CREATE TABLE item_barcodes (
  barcode TEXT PRIMARY KEY,
  sku TEXT,
  position INTEGER NOT NULL
);
CREATE INDEX item_barcodes_sku ON item_barcodes(sku, position);
INSERT INTO item_barcodes (barcode, sku, position)
  SELECT barcode, sku, 0 FROM items WHERE barcode IS NOT NULL AND barcode <> '' ORDER BY sku
  ON CONFLICT (barcode) DO NOTHING;
`;

export const hqBarcodeMigrations: Array<{ version: number; sql: string }> = [{ version: 180, sql: SQL }];
