import type { Database } from 'better-sqlite3';
import type { AllocationHistory, AllocationRecord, CostMovement, CostRow, FifoState, Pos } from '../../shared/domain/fifo';
import { emptyState } from '../../shared/domain/fifo';
import { prepared } from '../ledger/prepared';

/** Movements read at a time by a re-cost with a deadline, which looks at the clock between chunks. */
export const RECOST_CHUNK = 32;

/** An item's movements after a position, as FIFO reads them (each statement adds its bound and the order). */
const MOVEMENTS_AFTER = `
    SELECT m.seq, m.occurred_at AS at, m.kind, m.on_hand_delta AS onHandDelta, m.unit_cost AS unitCost,
      o.seq AS reversesSeq, o.occurred_at AS reversesAt
    FROM movements m LEFT JOIN movements o ON o.id = m.reverses
    WHERE m.sku = ? AND (m.occurred_at, m.seq) > (?, ?)`;
const IN_BUSINESS_ORDER = 'ORDER BY m.occurred_at, m.seq';

/** The SQL of the cost projection, prepared once per connection. */
export const costSql = (db: Database) => ({
  item: db.prepare(`SELECT * FROM cost_items WHERE sku = ?`),
  upsertItem: db.prepare(`
    INSERT INTO cost_items (sku, last_at, last_seq, qty, value, pending, last_unit_cost, since_snapshot)
    VALUES (@sku, @lastAt, @lastSeq, @qty, @value, @pending, @lastUnitCost, @sinceSnapshot)
    ON CONFLICT (sku) DO UPDATE SET last_at = excluded.last_at, last_seq = excluded.last_seq, qty = excluded.qty,
      value = excluded.value, pending = excluded.pending, last_unit_cost = excluded.last_unit_cost,
      since_snapshot = excluded.since_snapshot`),
  layers: db.prepare(`SELECT layer_seq AS seq, layer_at AS at, remaining, value FROM cost_layers WHERE sku = ? ORDER BY layer_at, layer_seq`),
  pending: db.prepare(`SELECT outflow_seq AS seq, outflow_at AS at, qty FROM cost_pending WHERE sku = ? ORDER BY outflow_at, outflow_seq`),
  clearLayers: db.prepare(`DELETE FROM cost_layers WHERE sku = ?`),
  clearPending: db.prepare(`DELETE FROM cost_pending WHERE sku = ?`),
  insertLayer: db.prepare(`INSERT INTO cost_layers (sku, layer_at, layer_seq, remaining, value) VALUES (?, ?, ?, ?, ?)`),
  insertPending: db.prepare(`INSERT INTO cost_pending (sku, outflow_at, outflow_seq, qty) VALUES (?, ?, ?, ?)`),
  snapshotBefore: db.prepare(`SELECT at, seq, state FROM cost_snapshots WHERE sku = ? AND (at, seq) < (?, ?) ORDER BY at DESC, seq DESC LIMIT 1`),
  snapshotAtOrBefore: db.prepare(`SELECT at, seq, state FROM cost_snapshots WHERE sku = ? AND (at, seq) <= (?, ?) ORDER BY at DESC, seq DESC LIMIT 1`),
  insertSnapshot: db.prepare(`INSERT INTO cost_snapshots (sku, at, seq, state) VALUES (?, ?, ?, ?)`),
  deleteMovesFrom: db.prepare(`DELETE FROM cost_moves WHERE sku = ? AND (occurred_at, seq) >= (?, ?)`),
  deleteRecordsFrom: db.prepare(`DELETE FROM cost_allocations WHERE sku = ? AND (made_at, made_seq) >= (?, ?)`),
  deleteSnapshotsFrom: db.prepare(`DELETE FROM cost_snapshots WHERE sku = ? AND (at, seq) >= (?, ?)`),
  upsertLayer: db.prepare(`INSERT INTO cost_layers (sku, layer_at, layer_seq, remaining, value) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (sku, layer_at, layer_seq) DO UPDATE SET remaining = excluded.remaining, value = excluded.value`),
  deleteLayer: db.prepare(`DELETE FROM cost_layers WHERE sku = ? AND layer_at = ? AND layer_seq = ?`),
  insertMove: db.prepare(`
    INSERT INTO cost_moves (sku, occurred_at, seq, qty_delta, value_delta, in_value, basis, running_qty, running_value)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  insertRecord: db.prepare(`
    INSERT INTO cost_allocations (sku, made_at, made_seq, n, outflow_seq, shown_seq, shown_at, layer_seq, layer_at, qty, cost)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
  // The movements FIFO reads, in business order after a position; the original of a reversal is
  // located by its id (unique index), so the engine never looks at kinds to find it. Its chunk size is
  // written into the SQL: a bound LIMIT makes SQLite (3.47 on) prepare the statement again on every
  // run, which cost this join about 70 µs each time, more than the read.
  movementsAfter: db.prepare(`${MOVEMENTS_AFTER} ${IN_BUSINESS_ORDER}`),
  movementsAfterChunk: db.prepare(`${MOVEMENTS_AFTER} ${IN_BUSINESS_ORDER} LIMIT ${RECOST_CHUNK}`),
  movementsBetween: db.prepare(`${MOVEMENTS_AFTER} AND m.occurred_at <= ? ${IN_BUSINESS_ORDER}`),
  shownUnder: db.prepare(`
    SELECT layer_seq AS layerSeq, layer_at AS layerAt, qty, cost FROM cost_allocations
    WHERE sku = ? AND shown_at = ? AND shown_seq = ? AND (made_at, made_seq) <= (?, ?)`),
  // Every record that took from a layer was made at or after the layer's own position (costing runs in
  // business order), so the item's records from there are read by primary key; an index on layer_seq
  // cost 32 B a movement to serve only the reversal of a receipt (version 52 dropped it).
  fromLayer: db.prepare(`
    SELECT outflow_seq AS outflowSeq, max(CASE WHEN shown_seq = outflow_seq THEN shown_at END) AS outflowAt,
      sum(qty) AS qty, sum(cost) AS cost
    FROM cost_allocations
    WHERE sku = ? AND (made_at, made_seq) >= (?, ?) AND (made_at, made_seq) <= (?, ?) AND layer_seq = ? GROUP BY outflow_seq`),
  watermark: db.prepare(`SELECT value FROM meta WHERE key = 'costs_through_seq'`),
  setWatermark: db.prepare(`INSERT INTO meta (key, value) VALUES ('costs_through_seq', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`),
  maxSeq: db.prepare(`SELECT coalesce(max(seq), 0) AS seq FROM movements`),
  newSince: db.prepare(`SELECT sku, occurred_at AS at, seq FROM movements WHERE seq > ?`),
});

export interface CostItemRow {
  sku: string;
  last_at: number;
  last_seq: number;
  qty: number;
  value: number;
  pending: number;
  last_unit_cost: number | null;
  since_snapshot: number;
}

/** The very beginning of an item's history: before every position. */
export const ORIGIN: Pos = { at: Number.MIN_SAFE_INTEGER, seq: 0 };

/** The item's movements after `after` in business order: all of them, or the next RECOST_CHUNK. */
export function readMovementsAfter(db: Database, sku: string, after: Pos, chunk: boolean): CostMovement[] {
  const s = prepared(db, costSql);
  return (chunk ? s.movementsAfterChunk : s.movementsAfter).all(sku, after.at, after.seq) as CostMovement[];
}

/** The item's movements after `after` in business order, up to business time `until`. */
export function readMovementsBetween(db: Database, sku: string, after: Pos, until: number): CostMovement[] {
  return prepared(db, costSql).movementsBetween.all(sku, after.at, after.seq, until) as CostMovement[];
}

/** Records made up to `upTo` (inclusive), for reversals whose originals were costed in an earlier run. */
export function historyFor(db: Database, sku: string, upTo: Pos): AllocationHistory {
  const s = prepared(db, costSql);
  return {
    shownUnder: (seq, at) => s.shownUnder.all(sku, at, seq, upTo.at, upTo.seq) as ReturnType<AllocationHistory['shownUnder']>,
    fromLayer: (seq, at) => s.fromLayer.all(sku, at, seq, upTo.at, upTo.seq, seq) as ReturnType<AllocationHistory['fromLayer']>,
  };
}

/** The state after the item's last costed movement, from the current-layer tables. */
export function loadEndState(db: Database, item: CostItemRow): FifoState {
  const s = prepared(db, costSql);
  return {
    layers: s.layers.all(item.sku) as FifoState['layers'],
    deficits: s.pending.all(item.sku) as FifoState['deficits'],
    lastUnitCost: item.last_unit_cost,
    qty: item.qty,
    value: item.value,
  };
}

export function parseState(json: string): FifoState {
  return { ...emptyState(), ...(JSON.parse(json) as FifoState) };
}

export function writeRows(db: Database, sku: string, rows: CostRow[], records: AllocationRecord[]): void {
  const s = prepared(db, costSql);
  for (const r of rows) s.insertMove.run(sku, r.at, r.seq, r.qtyDelta, r.valueDelta, r.inValue, r.basis, r.runningQty, r.runningValue);
  for (const r of records) s.insertRecord.run(sku, r.madeAt, r.madeSeq, r.n, r.outflowSeq, r.shownSeq, r.shownAt, r.layerSeq, r.layerAt, r.qty, r.cost);
}

/**
 * Saves the item's checkpoint. `touched` (layers changed since the state was loaded from these same
 * tables) lets a plain append write only the layers it changed, however many are open; without it
 * every layer is rewritten (the state came from a snapshot or from nothing).
 */
export function writeEndState(db: Database, sku: string, state: FifoState, last: Pos, sinceSnapshot: number, touched?: Map<number, number>): void {
  const s = prepared(db, costSql);
  if (touched) {
    const bySeq = new Map(state.layers.map((l) => [l.seq, l]));
    for (const [seq, at] of touched) {
      const l = bySeq.get(seq);
      if (l) s.upsertLayer.run(sku, l.at, l.seq, l.remaining, l.value);
      else s.deleteLayer.run(sku, at, seq);
    }
  } else {
    s.clearLayers.run(sku);
    for (const l of state.layers) s.insertLayer.run(sku, l.at, l.seq, l.remaining, l.value);
  }
  // Pending units are few (stock below zero) and change with almost every outflow: rewritten whole.
  s.clearPending.run(sku);
  for (const d of state.deficits) s.insertPending.run(sku, d.at, d.seq, d.qty);
  s.upsertItem.run({
    sku, lastAt: last.at, lastSeq: last.seq, qty: state.qty, value: state.value,
    pending: state.deficits.reduce((n, d) => n + d.qty, 0), lastUnitCost: state.lastUnitCost, sinceSnapshot,
  });
}
