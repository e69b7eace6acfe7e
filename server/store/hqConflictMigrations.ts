/**
 * HQ schema for offline conflicts and divergence recovery (issue 12b): version 75 on both stores, in
 * the range this concern owns for the branch ledger too. No movement is touched.
 *
 * - Indexes to find the rows that compete for one thing (the reversals of a row, a document's rows).
 * - devices.forked_from / retired_into: a PC whose ledger went back in time carries on under a new
 *   device id (a fresh chain) linked to the old one, and the old one takes no more rows.
 */
const SQL = `
CREATE INDEX movements_reverses ON movements(reverses) WHERE reverses IS NOT NULL;
CREATE INDEX movements_doc ON movements(branch, doc_type, doc_id);
CREATE INDEX movements_stocktake_item ON movements(branch, sku) WHERE doc_type = 'stocktake';
ALTER TABLE devices ADD COLUMN forked_from TEXT;
ALTER TABLE devices ADD COLUMN retired_into TEXT;
`;

export const hqConflictMigrations: Array<{ version: number; sql: string }> = [{ version: 75, sql: SQL }];
