import { ensureCosted } from '../../electron/costs/catchUp';
import { foldLedgerOnTwoCores } from '../../electron/ledger/foldOnTwoCores';
import { readSettings } from '../../electron/ledger/settings';
import { writeTransaction } from '../../electron/ledger/write';
import { atMost, ratioOf } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

async function timed(ctx: CoreContext, name: string): Promise<{ s: number; result: Record<string, unknown> }> {
  const t0 = performance.now();
  const outcome = await ctx.host.call(name, {});
  const s = (performance.now() - t0) / 1000;
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.message}`);
  return { s, result: outcome.result as Record<string, unknown> };
}

/** Seconds to fold the core caches again (`threads` 2: as rebuild does), rolled back. */
function timeCoreFold(ctx: CoreContext, threads: number): number {
  const { db } = ctx.host.ledger;
  const t0 = performance.now();
  try {
    writeTransaction(ctx.host.ledger, () => {
      for (const t of ['balances', 'snapshots_occurred', 'snapshots_learned']) db.exec(`DELETE FROM ${t}`);
      foldLedgerOnTwoCores(ctx.host.ledger, '', readSettings(db).timeZone, () => {}, 'rebuild', { threads });
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  return (performance.now() - t0) / 1000;
}

/**
 * Whole-file work: check first (the caches kept by every append must equal a fresh fold), then
 * rebuild, then verify every hash chain. A drift or a broken chain here is a bug, not a slow figure.
 */
export async function maintenanceSections(ctx: CoreContext): Promise<Figure[]> {
  const check = await timed(ctx, 'ledger.check');
  if (check.result.ok !== true) throw new Error(`ledger.check found drift in the generated ledger: ${JSON.stringify(check.result.drift).slice(0, 500)}`);
  const rebuild = await timed(ctx, 'ledger.rebuild');
  // The rebuild queued every item's FIFO re-cost, which the app works off in slices between commands.
  // Done here at once and timed on its own: left to the slices, it ran in this thread under verify and
  // every section after this one (the costs section's waits behind a sale's costing included).
  const c0 = performance.now();
  ensureCosted(ctx.host.ledger);
  const rebuildCostingS = (performance.now() - c0) / 1000;
  // Diagnostic split: the core caches alone (what rebuild does before other concerns' projection
  // hooks, e.g. FIFO costs, run), as rebuild folds them (two cores) and on one thread, so a miss can be
  // attributed. Rolled back: the file is left as rebuilt.
  const coreRebuildS = timeCoreFold(ctx, 2);
  const coreOneThreadS = timeCoreFold(ctx, 1);
  const verify = await timed(ctx, 'ledger.verify');
  if (verify.result.ok !== true) throw new Error(`ledger.verify failed on the generated ledger: ${JSON.stringify(verify.result.firstBad)}`);
  const rows = Number(verify.result.movements);
  const baseline = readOnlyBaselines(ctx);
  const rebuildFig: Figure = { id: 'ledger.rebuild', name: 'ledger.rebuild, whole file', unit: 's', value: rebuild.s, samples: 1, target: atMost(10, 'value') };
  rebuildFig.ratios = ratioOf(rebuildFig, baseline.groupBy, 'GROUP BY read');
  const verifyFig: Figure = { id: 'ledger.verify', name: `ledger.verify, whole file (${verify.result.devices} device chains)`, unit: 's', value: verify.s, samples: 1, target: atMost(8, 'value') };
  verifyFig.ratios = ratioOf(verifyFig, baseline.scan, 'full-row scan');
  return [
    { id: 'ledger.check', name: `ledger.check, whole file (${rows.toLocaleString('en')} movements, no drift)`, unit: 's', value: check.s, samples: 1 },
    rebuildFig,
    { id: 'ledger.rebuild.core', name: 'of which: core caches alone (balances + both snapshot axes, no hooks)', unit: 's', value: coreRebuildS, samples: 1 },
    { id: 'ledger.rebuild.coreOneThread', name: 'the same core caches on one thread (no helper thread for the learning days)', unit: 's', value: coreOneThreadS, samples: 1 },
    { id: 'ledger.rebuild.costing', name: 'after it: the FIFO re-cost it queued (in slices in the app; here at once)', unit: 's', value: rebuildCostingS, samples: 1 },
    baseline.groupBy,
    verifyFig,
    baseline.scan,
  ];
}

/**
 * The baselines, measured on the same file in the same run: what SQLite alone takes to read
 * what rebuild folds (the three GROUP BYs, days in UTC, nothing written) and what verify reads (every
 * column of every row, nothing hashed). They bound from below what rebuild and verify can cost.
 */
function readOnlyBaselines(ctx: CoreContext): { groupBy: Figure; scan: Figure } {
  const { db } = ctx.host.ledger;
  const t0 = performance.now();
  for (const sql of [
    `SELECT count(*) FROM (SELECT sku, sum(on_hand_delta), sum(reserved_delta), count(*) FROM movements GROUP BY sku)`,
    `SELECT count(*) FROM (SELECT sku, occurred_at / 86400000 AS day, sum(on_hand_delta), sum(reserved_delta) FROM movements GROUP BY sku, day)`,
    `SELECT count(*) FROM (SELECT sku, learned_at / 86400000 AS day, sum(on_hand_delta), sum(reserved_delta) FROM movements GROUP BY sku, day)`,
  ]) db.prepare(sql).pluck().get();
  const groupByS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  db.prepare(SCAN_BASELINE_SQL).pluck().get();
  const scanS = (performance.now() - t1) / 1000;
  return {
    groupBy: { id: 'baseline.rebuild.groupBy', name: 'baseline: the same caches as three GROUP BY reads (UTC days, nothing written)', unit: 's', value: groupByS, samples: 1 },
    scan: { id: 'baseline.verify.scan', name: 'baseline: every column of every movement read by SQL (nothing hashed)', unit: 's', value: scanS, samples: 1 },
  };
}

/**
 * Every stored column of every movement (movement_rows, as stored), read and used. total(), not sum(): three epoch-millisecond columns over
 * 5 M rows pass 2^63, and sum() raises "integer overflow" (it cost the maintenance rows of one full run).
 */
export const SCAN_BASELINE_SQL = `SELECT total(length(id) + device + device_seq + length(branch) + length(sku) + length(kind) + qty + on_hand_delta
    + reserved_delta + coalesce(unit_cost, 0) + length(doc_type) + length(doc_id) + doc_line + coalesce(length(reverses), 0)
    + coalesce(length(note), 0) + length(actor) + occurred_at + recorded_at + learned_at + length(prev_hash) + length(hash)) FROM movement_rows`;

class RolledBack extends Error {}
