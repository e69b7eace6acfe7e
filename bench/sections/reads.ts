import Database from 'better-sqlite3';
import { join } from 'node:path';
import { foldStock } from '../../electron/ledger/stockAt';
import { CATEGORIES, SEARCH_WORDS } from '../catalogue';
import { atMost, latencyFigure, ratioOf, timeEach } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

const pick = <T>(list: readonly T[], random: () => number) => list[Math.floor(random() * list.length)]!;

async function command(ctx: CoreContext, name: string, payload: unknown): Promise<unknown> {
  const outcome = await ctx.host.call(name, payload);
  if (!outcome.ok) throw new Error(`${name} failed: ${outcome.error.message}`);
  return outcome.result;
}

/** Point reads, the cache-free fold, the stock list and the trail, all through the command layer. */
export async function readSections(ctx: CoreContext): Promise<Figure[]> {
  const { random } = ctx;
  const iso = (ms: number) => new Date(ms).toISOString();
  const n = ctx.samples(20_000);
  const now = await timeEach(n, () => command(ctx, 'stock.get', { sku: ctx.randomSku() }), 200, (d) => ctx.progress('stock.get now', d, n));
  const asOf = await timeEach(n, () => command(ctx, 'stock.get', { sku: ctx.randomSku(), asOf: iso(ctx.randomPastInstant()) }), 200, (d) => ctx.progress('stock.get asOf', d, n));
  const believed = await timeEach(n, () => command(ctx, 'stock.get', { sku: ctx.randomSku(), believedAt: iso(ctx.randomPastInstant()) }), 200, (d) => ctx.progress('stock.get believedAt', d, n));

  const db = ctx.host.ledger.db;
  const busiestRows = (db.prepare(`SELECT count(*) FROM movements WHERE sku = ?`).pluck().get(ctx.busiestSku) as number);
  const nFold = ctx.samples(200);
  const fold = await timeEach(nFold, () => foldStock(db, ctx.busiestSku), 5, (d) => ctx.progress('fold (busiest item)', d, nFold));

  const nList = ctx.samples(200);
  const listSearchFilter = await timeEach(nList, () => command(ctx, 'stock.list', { search: pick(SEARCH_WORDS, random).toLowerCase(), category: pick(CATEGORIES, random), limit: 100 }), 10);
  const listSearch = await timeEach(nList, () => command(ctx, 'stock.list', { search: pick(SEARCH_WORDS, random).toLowerCase(), limit: 100 }), 10);
  const listAll = await timeEach(nList, () => command(ctx, 'stock.list', { sort: '-available', limit: 100 }), 10);
  const nTrail = ctx.samples(1000);
  const trail = await timeEach(nTrail, () => command(ctx, 'stock.trail', { sku: ctx.busiestSku, limit: 100 }), 10);

  // The naive design: one SUM over a movements table with no index on sku (a plain copy, same rows).
  ctx.progress('naive copy', 0, 1);
  const naive = new Database(join(ctx.workDir, 'baseline-naive.sqlite'));
  naive.pragma('journal_mode = WAL');
  naive.exec(`ATTACH DATABASE '${ctx.ledgerFile.replace(/'/g, "''")}' AS src`);
  naive.exec(`CREATE TABLE movements (sku TEXT NOT NULL, delta INTEGER NOT NULL, occurred_at INTEGER NOT NULL)`);
  naive.exec(`INSERT INTO movements SELECT sku, on_hand_delta, occurred_at FROM src.movements ORDER BY seq`);
  naive.exec(`DETACH DATABASE src`);
  ctx.progress('naive copy', 1, 1);
  const naiveSum = naive.prepare(`SELECT coalesce(sum(delta), 0) FROM movements WHERE sku = ?`).pluck();
  const nNaive = Math.max(5, ctx.samples(30));
  const naiveNow = await timeEach(nNaive, () => naiveSum.get(ctx.randomSku()), 2, (d) => ctx.progress('naive SUM', d, nNaive));
  naive.close();

  const naiveFig = latencyFigure('baseline.naive.sum', 'baseline: naive SELECT SUM(delta) WHERE sku = ? (no index)', naiveNow);
  const nowFig = latencyFigure('stock.get.now', 'stock.get now', now, { target: atMost(0.1) });
  const asOfFig = latencyFigure('stock.get.asOf', 'stock.get asOf a random past instant', asOf, { target: atMost(0.1) });
  const believedFig = latencyFigure('stock.get.believedAt', 'stock.get believedAt a random past instant', believed, { target: atMost(0.1) });
  const foldFig = latencyFigure('fold.busiest', `stock from the ledger alone, caches ignored (busiest item, ${busiestRows.toLocaleString('en')} rows)`, fold, { target: atMost(15) });
  for (const f of [nowFig, asOfFig, believedFig, foldFig]) f.ratios = ratioOf(f, naiveFig, 'naive SUM');
  return [
    nowFig, asOfFig, believedFig, foldFig,
    latencyFigure('stock.list.searchFilter', 'stock.list first page, search + category filter', listSearchFilter, { target: atMost(30) }),
    latencyFigure('stock.list.search', 'stock.list first page, search only', listSearch, { target: atMost(30) }),
    latencyFigure('stock.list.sorted', 'stock.list first page, all items by available', listAll),
    latencyFigure('stock.trail.busiest', 'stock.trail first page (100 rows), busiest item', trail),
    naiveFig,
  ];
}
