import type { DriftRow } from '../../shared/contract/ledger';
import { onAfterAppend, onCheck, onRebuild } from '../ledger/hooks';
import type { Ledger } from '../ledger/open';
import { ensureCosted, rebuildCosts } from './recost';

/**
 * Keeps the cost projection in step with the ledger: right after every append, on rebuild, and in
 * `ledger.check`. Costing runs just after the clerk's transaction has committed (on the next turn of
 * the event loop), never inside it: a sale is never slowed or refused by costing, and a back-dated
 * receipt that re-costs a long history does not hold the write lock of the document that caused it.
 * The watermark (`costs_through_seq`) makes this safe: anything that reads costs first catches up
 * (`ensureCosted`), and rows appended by another process or by sync are caught the same way.
 */
const scheduled = new WeakSet<Ledger>();

function afterAppend(ledger: Ledger): void {
  if (scheduled.has(ledger)) return;
  scheduled.add(ledger);
  setImmediate(() => {
    scheduled.delete(ledger);
    if (!ledger.db.open) return; // the next process to open the file catches up
    try {
      ensureCosted(ledger);
    } catch (err) {
      // Never lost: the watermark did not move, so the next read or append retries; check shows the lag.
      console.error(`FIFO costing failed and will be retried: ${(err as Error).stack ?? err}`);
    }
  });
}

/** Cheap consistency checks (no full re-cost): lag, quantity against balances, layers against totals. */
export function checkCosts(ledger: Ledger): DriftRow[] {
  const db = ledger.db;
  try { ensureCosted(ledger); } catch { /* a lag that cannot be caught up is reported below */ }
  const drift: DriftRow[] = [];
  const through = Number((db.prepare(`SELECT value FROM meta WHERE key = 'costs_through_seq'`).get() as { value: string } | undefined)?.value ?? 0);
  const max = (db.prepare(`SELECT coalesce(max(seq), 0) AS n FROM movements`).get() as { n: number }).n;
  if (through < max) drift.push({ sku: '*', table: 'cost_items', field: 'costedThroughSeq', cached: through, ledger: max });
  // Against the ledger's own fold, not the balances cache: a tampered cache must not make the
  // cost projection look wrong too.
  const qty = db.prepare(`
    SELECT coalesce(b.sku, c.sku) AS sku, c.qty AS cached, b.on_hand AS ledger
    FROM (SELECT sku, sum(on_hand_delta) AS on_hand FROM movements GROUP BY sku) b
    FULL OUTER JOIN cost_items c ON c.sku = b.sku
    WHERE coalesce(c.qty, 0) IS NOT coalesce(b.on_hand, 0) LIMIT 200`).all() as Array<{ sku: string; cached: number | null; ledger: number | null }>;
  for (const d of qty) drift.push({ sku: d.sku, table: 'cost_items', field: 'qty', cached: d.cached, ledger: d.ledger ?? 0 });
  const layers = db.prepare(`
    SELECT c.sku, c.qty, c.value, c.pending, coalesce(l.qty, 0) AS lqty, coalesce(l.value, 0) AS lvalue, coalesce(p.qty, 0) AS pqty
    FROM cost_items c
    LEFT JOIN (SELECT sku, sum(remaining) AS qty, sum(value) AS value FROM cost_layers GROUP BY sku) l ON l.sku = c.sku
    LEFT JOIN (SELECT sku, sum(qty) AS qty FROM cost_pending GROUP BY sku) p ON p.sku = c.sku
    WHERE c.value <> coalesce(l.value, 0) OR c.qty <> coalesce(l.qty, 0) - coalesce(p.qty, 0) OR c.pending <> coalesce(p.qty, 0)
    LIMIT 200`).all() as Array<{ sku: string; qty: number; value: number; lqty: number; lvalue: number; pqty: number }>;
  for (const d of layers) drift.push({ sku: d.sku, table: 'cost_layers', field: 'value', cached: d.value, ledger: d.lvalue });
  return drift;
}

let installed = false;
/** Registers the cost projection with the ledger's hooks (idempotent). */
export function installCostHooks(): void {
  if (installed) return;
  installed = true;
  onAfterAppend(afterAppend);
  onRebuild((ledger, onProgress) => { rebuildCosts(ledger.db, onProgress); });
  onCheck((ledger) => checkCosts(ledger));
}
