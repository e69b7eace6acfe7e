import type { Database } from 'better-sqlite3';
import type { DriftRow } from '../../shared/contract/ledger';
import { onCheck, onRebuild } from '../ledger/hooks';
import { prepared } from '../ledger/prepared';

/**
 * The counted-items cache (stocktake_counted) is derived from the count events: an item counts in a
 * session while it has an effective event (not an undo, not undone). It is kept in step by every
 * event; `ledger.rebuild` recomputes it and `ledger.check` reports any drift, like the other caches.
 */
const EFFECTIVE = `
  SELECT DISTINCT e.session_id, e.sku FROM stocktake_events e WHERE e.mode <> 'undo'
    AND NOT EXISTS (SELECT 1 FROM stocktake_events u WHERE u.undoes = e.id)`;

const sql = (db: Database) => ({
  clear: db.prepare(`DELETE FROM stocktake_counted`),
  fill: db.prepare(`INSERT INTO stocktake_counted (session_id, sku) ${EFFECTIVE}`),
  missing: db.prepare(`SELECT d.session_id, d.sku FROM (${EFFECTIVE}) d WHERE NOT EXISTS (SELECT 1 FROM stocktake_counted c WHERE c.session_id = d.session_id AND c.sku = d.sku)`),
  extra: db.prepare(`SELECT c.session_id, c.sku FROM stocktake_counted c WHERE NOT EXISTS (SELECT 1 FROM (${EFFECTIVE}) d WHERE d.session_id = c.session_id AND d.sku = c.sku)`),
});

export function rebuildCountedCache(db: Database): void {
  const s = prepared(db, sql);
  const run = () => { s.clear.run(); s.fill.run(); };
  if (db.inTransaction) run();
  else db.transaction(run).immediate();
}

export function checkCountedCache(db: Database): DriftRow[] {
  const s = prepared(db, sql);
  const rows = (list: unknown[], cached: number, ledger: number) => (list as Array<{ session_id: string; sku: string }>)
    .map((r) => ({ sku: r.sku, table: 'stocktake_counted', field: `session ${r.session_id}`, cached, ledger }));
  return [...rows(s.missing.all(), 0, 1), ...rows(s.extra.all(), 1, 0)];
}

let installed = false;
/** Registers the cache with ledger.rebuild / ledger.check (idempotent). */
export function installStocktakeHooks(): void {
  if (installed) return;
  installed = true;
  onRebuild((ledger) => rebuildCountedCache(ledger.db));
  onCheck((ledger) => checkCountedCache(ledger.db));
}
