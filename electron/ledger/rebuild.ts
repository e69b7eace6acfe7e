import type { DriftRow } from '../../shared/contract/ledger';
import { foldLedgerOnTwoCores, type TwoCoreOptions } from './foldOnTwoCores';
import { runCheckHooks, runRebuildHooks } from './hooks';
import type { Ledger } from './open';
import { noProgress, type ProgressListener } from './progress';
import { readSettings } from './settings';
import { writeTransaction } from './write';

const CACHES = ['balances', 'snapshots_occurred', 'snapshots_learned'] as const;

/** Throws the caches away and recomputes them from the ledger in one transaction. */
export function rebuildCaches(ledger: Ledger, onProgress: ProgressListener = noProgress,
  options?: TwoCoreOptions): { movements: number; items: number; ms: number } {
  const started = performance.now();
  const { db } = ledger;
  const { timeZone } = readSettings(db);
  writeTransaction(ledger, () => {
    for (const t of CACHES) db.exec(`DELETE FROM ${t}`);
    // Derived projections (FIFO costs) first, in the same transaction: the fold's progress stays the last word.
    runRebuildHooks(ledger, onProgress);
    // Both snapshot axes at once where a second core and the helper's bundle are there (else one thread).
    foldLedgerOnTwoCores(ledger, '', timeZone, onProgress, 'rebuild', options);
  });
  const counts = db.prepare(`SELECT count(*) AS items, coalesce(sum(movements), 0) AS movements FROM balances`).get() as { items: number; movements: number };
  return { ...counts, ms: Math.round(performance.now() - started) };
}

/** Recomputes the caches aside and reports every row where a cache disagrees with the ledger. */
export function checkCaches(ledger: Ledger, onProgress: ProgressListener = noProgress, maxDrift = 200, options?: TwoCoreOptions): { ok: boolean; movements: number; drift: DriftRow[] } {
  const { db } = ledger;
  const { timeZone } = readSettings(db);
  const drift: DriftRow[] = [];
  // A read transaction: the check sees one consistent snapshot even while another process appends.
  db.transaction(() => {
    db.exec(`
      CREATE TEMP TABLE IF NOT EXISTS fresh_balances (sku TEXT PRIMARY KEY, on_hand INTEGER, reserved INTEGER, movements INTEGER);
      CREATE TEMP TABLE IF NOT EXISTS fresh_snapshots_occurred (sku TEXT, day TEXT, on_hand INTEGER, reserved INTEGER, PRIMARY KEY (sku, day));
      CREATE TEMP TABLE IF NOT EXISTS fresh_snapshots_learned (sku TEXT, day TEXT, on_hand INTEGER, reserved INTEGER, PRIMARY KEY (sku, day));
      DELETE FROM fresh_balances; DELETE FROM fresh_snapshots_occurred; DELETE FROM fresh_snapshots_learned;`);
    foldLedgerOnTwoCores(ledger, 'temp.fresh_', timeZone, onProgress, 'check', options);
    const diffBalances = db.prepare(`
      SELECT coalesce(f.sku, c.sku) AS sku, c.on_hand AS cOn, c.reserved AS cRes, f.on_hand AS fOn, f.reserved AS fRes
      FROM temp.fresh_balances f FULL OUTER JOIN balances c ON c.sku = f.sku
      WHERE c.on_hand IS NOT f.on_hand OR c.reserved IS NOT f.reserved LIMIT ?`).all(maxDrift) as Array<{ sku: string; cOn: number | null; cRes: number | null; fOn: number | null; fRes: number | null }>;
    for (const d of diffBalances) {
      if (d.cOn !== d.fOn) drift.push({ sku: d.sku, table: 'balances', field: 'onHand', cached: d.cOn, ledger: d.fOn ?? 0 });
      if (d.cRes !== d.fRes) drift.push({ sku: d.sku, table: 'balances', field: 'reserved', cached: d.cRes, ledger: d.fRes ?? 0 });
    }
    for (const axis of ['occurred', 'learned'] as const) {
      const rows = db.prepare(`
        SELECT coalesce(f.sku, c.sku) AS sku, coalesce(f.day, c.day) AS day, c.on_hand AS cOn, f.on_hand AS fOn, c.reserved AS cRes, f.reserved AS fRes
        FROM temp.fresh_snapshots_${axis} f FULL OUTER JOIN snapshots_${axis} c ON c.sku = f.sku AND c.day = f.day
        WHERE c.on_hand IS NOT f.on_hand OR c.reserved IS NOT f.reserved LIMIT ?`).all(maxDrift) as Array<{ sku: string; day: string; cOn: number | null; fOn: number | null; cRes: number | null; fRes: number | null }>;
      for (const d of rows) {
        if (d.cOn !== d.fOn) drift.push({ sku: d.sku, table: `snapshots_${axis}`, field: 'onHand', day: d.day, cached: d.cOn, ledger: d.fOn ?? 0 });
        if (d.cRes !== d.fRes) drift.push({ sku: d.sku, table: `snapshots_${axis}`, field: 'reserved', day: d.day, cached: d.cRes, ledger: d.fRes ?? 0 });
      }
    }
  })();
  const movements = (db.prepare(`SELECT count(*) AS n FROM movements`).get() as { n: number }).n;
  drift.push(...runCheckHooks(ledger, onProgress));
  return { ok: drift.length === 0, movements, drift: drift.slice(0, maxDrift) };
}
