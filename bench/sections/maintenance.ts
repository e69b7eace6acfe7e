import { foldLedgerInto } from '../../electron/ledger/fold';
import { readSettings } from '../../electron/ledger/settings';
import { writeTransaction } from '../../electron/ledger/write';
import { atMost } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

async function timed(ctx: CoreContext, name: string): Promise<{ s: number; result: Record<string, unknown> }> {
  const t0 = performance.now();
  const outcome = await ctx.host.call(name, {});
  const s = (performance.now() - t0) / 1000;
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.message}`);
  return { s, result: outcome.result as Record<string, unknown> };
}

/**
 * Whole-file work: check first (the caches kept by every append must equal a fresh fold), then
 * rebuild, then verify every hash chain. A drift or a broken chain here is a bug, not a slow figure.
 */
export async function maintenanceSections(ctx: CoreContext): Promise<Figure[]> {
  const check = await timed(ctx, 'ledger.check');
  if (check.result.ok !== true) throw new Error(`ledger.check found drift in the generated ledger: ${JSON.stringify(check.result.drift).slice(0, 500)}`);
  const rebuild = await timed(ctx, 'ledger.rebuild');
  // Diagnostic split: the core caches alone (what rebuild does before other concerns' projection
  // hooks, e.g. FIFO costs, run), so a miss can be attributed. Rolled back: the file is left as rebuilt.
  const { db } = ctx.host.ledger;
  const t0 = performance.now();
  try {
    writeTransaction(ctx.host.ledger, () => {
      for (const t of ['balances', 'snapshots_occurred', 'snapshots_learned']) db.exec(`DELETE FROM ${t}`);
      foldLedgerInto(db, '', readSettings(db).timeZone, () => {}, 'rebuild');
      throw new RolledBack();
    });
  } catch (err) {
    if (!(err instanceof RolledBack)) throw err;
  }
  const coreRebuildS = (performance.now() - t0) / 1000;
  const verify = await timed(ctx, 'ledger.verify');
  if (verify.result.ok !== true) throw new Error(`ledger.verify failed on the generated ledger: ${JSON.stringify(verify.result.firstBad)}`);
  const rows = Number(verify.result.movements);
  return [
    { id: 'ledger.check', name: `ledger.check, whole file (${rows.toLocaleString('en')} movements, no drift)`, unit: 's', value: check.s, samples: 1 },
    { id: 'ledger.rebuild', name: 'ledger.rebuild, whole file', unit: 's', value: rebuild.s, samples: 1, target: atMost(10, 'value') },
    { id: 'ledger.rebuild.core', name: 'of which: core caches alone (balances + both snapshot axes, no hooks)', unit: 's', value: coreRebuildS, samples: 1 },
    { id: 'ledger.verify', name: `ledger.verify, whole file (${verify.result.devices} device chains)`, unit: 's', value: verify.s, samples: 1, target: atMost(15, 'value') },
  ];
}

class RolledBack extends Error {}
