import type { DriftRow } from '../../shared/contract/ledger';
import { onAfterAppend, onCheck, onRebuild } from '../ledger/hooks';
import type { Ledger } from '../ledger/open';
import { noProgress, type ProgressListener } from '../ledger/progress';
import { backlogSize, costSome } from './backlog';
import { ensureCosted, rebuildCosts } from './catchUp';
import { costingTransaction } from './costingTransaction';

/**
 * Keeps the cost projection in step with the ledger: after every append, on rebuild, and in
 * `ledger.check`. Costing never runs inside the clerk's transaction, and never all at once after
 * it: appends (and a rebuild) only queue work (backlog.ts), which is then done in slices of about
 * SLICE_MS, one event-loop turn each, so a command that arrives meanwhile waits for one slice at most.
 * Anything that reads costs catches up first (catchUp.ts), and rows appended by another process or
 * by sync are queued the same way.
 */
export const SLICE_MS = 1;
/**
 * FIFO work per slice: the other half of SLICE_MS is its commit (the slice's pages written to the WAL,
 * 0.1-0.4 ms measured, not fsynced) and bookkeeping. The whole slice is what a command behind it waits for.
 */
const WORK_MS = SLICE_MS / 2;
/** A backlog this large (a rebuild, a big sync) reports its progress like any long task. */
const REPORT_FROM = 500;

interface Costing { onProgress: ProgressListener; total: number; done: number }
const running = new WeakMap<Ledger, Costing>();
const listeners = new WeakMap<Ledger, ProgressListener>();
/** Holders that asked the slices to wait (a bulk import), and whether work was queued meanwhile. */
const holds = new WeakMap<Ledger, { count: number; wanted: boolean }>();

/**
 * Keeps the costing slices from running until the returned release is called. A bulk import writes
 * faster than costing can follow, so slices between its transactions would re-cost the same items
 * again after every group and take the write lock from it; the backlog is worked off once, after it.
 * Nothing is lost meanwhile: the first slice after queues every movement past the watermark, and a
 * read of costs still catches up first (catchUp.ts).
 */
export function holdCosting(ledger: Ledger): () => void {
  const h = holds.get(ledger) ?? { count: 0, wanted: false };
  h.count += 1;
  holds.set(ledger, h);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    h.count -= 1;
    if (h.count > 0) return;
    holds.delete(ledger);
    if (h.wanted && ledger.db.open) scheduleCosting(ledger);
  };
}

/** Starts working off the backlog in slices (no-op if already running, or held until the hold ends). */
export function scheduleCosting(ledger: Ledger, onProgress?: ProgressListener): void {
  if (onProgress) listeners.set(ledger, onProgress);
  const held = holds.get(ledger);
  if (held) { held.wanted = true; return; }
  if (running.has(ledger)) return;
  const job: Costing = { onProgress: listeners.get(ledger) ?? noProgress, total: 0, done: 0 };
  running.set(ledger, job);
  const slice = () => {
    if (!ledger.db.open) { running.delete(ledger); return; } // the next process to open the file catches up
    const held = holds.get(ledger);
    if (held) { held.wanted = true; running.delete(ledger); return; } // resumed when the hold ends
    let more = false;
    try {
      // Its commit is not fsynced (costingTransaction.ts): the command queued behind it waits for the work alone.
      more = costingTransaction(ledger, () => {
        const before = backlogSize(ledger.db);
        const left = costSome(ledger.db, WORK_MS) ? backlogSize(ledger.db) : 0;
        job.total = Math.max(job.total, before);
        job.done = job.total - left;
        return left > 0;
      });
    } catch (err) {
      // Never lost: the backlog rolled back with the slice, so the next append or read retries; check shows the lag.
      console.error(`FIFO costing failed and will be retried: ${(err as Error).stack ?? err}`);
    }
    if (job.total >= REPORT_FROM) job.onProgress({ task: 'costing', done: more ? job.done : job.total, total: job.total });
    if (more) setImmediate(slice);
    else running.delete(ledger);
  };
  setImmediate(slice);
}

function afterAppend(ledger: Ledger): void {
  scheduleCosting(ledger);
}

/** Cheap consistency checks (no full re-cost): lag, quantity against balances, layers against totals. */
export function checkCosts(ledger: Ledger): DriftRow[] {
  const db = ledger.db;
  try { ensureCosted(ledger); } catch { /* a lag that cannot be caught up is reported below */ }
  const drift: DriftRow[] = [];
  const through = Number((db.prepare(`SELECT value FROM meta WHERE key = 'costs_through_seq'`).get() as { value: string } | undefined)?.value ?? 0);
  const max = (db.prepare(`SELECT coalesce(max(seq), 0) AS n FROM movements`).get() as { n: number }).n;
  if (through < max) drift.push({ sku: '*', table: 'cost_items', field: 'costedThroughSeq', cached: through, ledger: max });
  const queued = backlogSize(db);
  if (queued > 0) drift.push({ sku: '*', table: 'cost_backlog', field: 'itemsQueued', cached: queued, ledger: 0 });
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
  onRebuild((ledger, onProgress) => {
    rebuildCosts(ledger.db, onProgress);
    scheduleCosting(ledger, onProgress);
  });
  onCheck((ledger) => checkCosts(ledger));
}
