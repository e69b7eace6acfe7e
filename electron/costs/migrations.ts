import type { Migration } from '../ledger/migrations';

/**
 * FIFO cost projection (versions 50-59). Every table here is derived from `movements` and can be
 * thrown away: `ledger.rebuild` recomputes them. Positions are (occurred_at, seq): business order.
 */
export const costMigrations: Migration[] = [
  {
    version: 50,
    name: 'fifo cost projection',
    sql: `
-- One row per costed movement: its effect on quantity and inventory value and the running totals
-- after it, so "value on 14 March" is one index seek per item.
CREATE TABLE cost_moves (
  sku TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  qty_delta INTEGER NOT NULL,
  value_delta INTEGER NOT NULL,
  in_value INTEGER,
  basis TEXT NOT NULL,
  running_qty INTEGER NOT NULL,
  running_value INTEGER NOT NULL,
  PRIMARY KEY (sku, occurred_at, seq)
) WITHOUT ROWID;

-- Allocation records, only ever added at the position of the movement that decided them
-- (made_at, made_seq): re-costing from a position deletes and rewrites the records made after it.
-- layer_seq NULL = pending (no layer yet). COGS is counted at shown_at (per item: (sku, shown_at) index).
CREATE TABLE cost_allocations (
  sku TEXT NOT NULL,
  made_at INTEGER NOT NULL,
  made_seq INTEGER NOT NULL,
  n INTEGER NOT NULL,
  outflow_seq INTEGER NOT NULL,
  shown_seq INTEGER NOT NULL,
  shown_at INTEGER NOT NULL,
  layer_seq INTEGER,
  layer_at INTEGER,
  qty INTEGER NOT NULL,
  cost INTEGER NOT NULL,
  PRIMARY KEY (sku, made_at, made_seq, n)
) WITHOUT ROWID;
CREATE INDEX cost_allocations_shown ON cost_allocations(sku, shown_at, shown_seq);
CREATE INDEX cost_allocations_layer ON cost_allocations(sku, layer_seq) WHERE layer_seq IS NOT NULL;

-- The layers left after the last costed movement of each item, oldest first...
CREATE TABLE cost_layers (
  sku TEXT NOT NULL,
  layer_at INTEGER NOT NULL,
  layer_seq INTEGER NOT NULL,
  remaining INTEGER NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (sku, layer_at, layer_seq)
) WITHOUT ROWID;
-- ...and the units of outflows still waiting for a layer (negative stock).
CREATE TABLE cost_pending (
  sku TEXT NOT NULL,
  outflow_at INTEGER NOT NULL,
  outflow_seq INTEGER NOT NULL,
  qty INTEGER NOT NULL,
  PRIMARY KEY (sku, outflow_at, outflow_seq)
) WITHOUT ROWID;

-- Per item: where costing has got to (the checkpoint appends continue from) and the totals there.
CREATE TABLE cost_items (
  sku TEXT PRIMARY KEY,
  last_at INTEGER NOT NULL,
  last_seq INTEGER NOT NULL,
  qty INTEGER NOT NULL,
  value INTEGER NOT NULL,
  pending INTEGER NOT NULL,
  last_unit_cost INTEGER,
  since_snapshot INTEGER NOT NULL
) WITHOUT ROWID;

-- FIFO state every few hundred movements of an item: a back-dated movement re-costs from the
-- latest snapshot before it, not from the item's first movement.
CREATE TABLE cost_snapshots (
  sku TEXT NOT NULL,
  at INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  state TEXT NOT NULL,
  PRIMARY KEY (sku, at, seq)
) WITHOUT ROWID;
`,
  },
  {
    version: 51,
    name: 'fifo costing backlog',
    sql: `
-- Items whose costs are behind the ledger, and the earliest position to re-cost each from (NULL:
-- from its first movement, rewriting everything). Costing works this list off in small slices
-- between commands, so neither a sale nor a rebuild waits for FIFO. Derived, like every table here.
CREATE TABLE cost_backlog (
  sku TEXT PRIMARY KEY,
  from_at INTEGER,
  from_seq INTEGER
) WITHOUT ROWID;`,
  },
  {
    version: 52,
    name: 'fifo allocations without the layer index',
    // 32 B a movement for one rare question (which sales took from a receipt being reversed), which
    // the primary key answers from the receipt's position on (store.ts, fromLayer).
    sql: `DROP INDEX cost_allocations_layer;`,
  },
];
