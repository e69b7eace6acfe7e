import Database from 'better-sqlite3';
import { join } from 'node:path';
import { latencyFigure, ratioOf, summarise } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

/**
 * The 3-line sale under synchronous=NORMAL (WAL: a commit is durable once the WAL is synced at the next
 * checkpoint; a power cut can lose the last commits, never corrupt the file) and synchronous=FULL (the
 * WAL is fsynced at every commit: a posted sale survives a power cut). Measured in interleaved blocks
 * on the same ledger so both see the same machine load; the ledger is left as it was (FULL). The
 * mutable counter is timed in the same blocks under FULL too: its commit's fsync is the floor any
 * durable sale stands on (the writes section's counter runs at NORMAL, like the design it stands for).
 */
export async function durabilitySections(ctx: CoreContext): Promise<Figure[]> {
  const { gen, host, random } = ctx;
  const { items, model, byRank } = gen;
  const db = host.ledger.db;
  const before = db.pragma('synchronous', { simple: true });
  const pick = () => {
    for (;;) {
      const item = byRank[Math.floor(Math.pow(random(), 3) * byRank.length)]!;
      if (model.available(item) >= 2) return item;
    }
  };
  let docNo = 0;
  const sale = async () => {
    const picked = new Set<number>();
    while (picked.size < 3) picked.add(pick());
    const outcome = await host.call('documents.record', { type: 'sale', id: `bench-durable-${++docNo}`, lines: [...picked].map((i) => ({ sku: items[i]!.sku, qty: 1 })), actor: 'clerk-1' });
    if (!outcome.ok) throw new Error(`sale refused: ${outcome.error.message}`);
    for (const i of picked) model.onHand[i]! -= 1;
  };
  const counter = durableCounter(ctx);
  const per = Math.max(20, Math.ceil(ctx.samples(1000) / 5));
  const samples = { NORMAL: [] as number[], FULL: [] as number[], counter: [] as number[] };
  for (let block = 0; block < 5; block++) {
    for (const mode of ['NORMAL', 'FULL'] as const) {
      db.pragma(`synchronous = ${mode}`);
      for (let i = 0; i < 5; i++) await sale(); // warm-up after the switch, not counted
      for (let i = 0; i < per; i++) {
        const t0 = performance.now();
        await sale();
        samples[mode].push(performance.now() - t0);
      }
    }
    for (let i = 0; i < per; i++) {
      const skus = new Set<string>();
      while (skus.size < 3) skus.add(items[pick()]!.sku);
      const t0 = performance.now();
      counter.sell3([...skus]);
      samples.counter.push(performance.now() - t0);
    }
    ctx.progress('3-line sales, NORMAL and FULL', block + 1, 5);
  }
  counter.close();
  db.pragma(`synchronous = ${before === 2 ? 'FULL' : 'NORMAL'}`);
  const n = summarise(samples.NORMAL);
  const f = summarise(samples.FULL);
  const counterFig = latencyFigure('baseline.counter.sale3.full', 'baseline: mutable counter, 3-line sale, synchronous=FULL (one fsynced commit)', summarise(samples.counter));
  const fullFig = latencyFigure('durability.sale3.full', '3-line sale, synchronous=FULL (every commit fsynced: survives a power cut)', f, {
    note: `FULL costs ${(f.p50 - n.p50).toFixed(2)} ms at p50 and ${(f.p95 - n.p95).toFixed(2)} ms at p95 over NORMAL`,
  });
  fullFig.ratios = ratioOf(fullFig, counterFig, 'mutable counter under FULL');
  return [latencyFigure('durability.sale3.normal', '3-line sale, synchronous=NORMAL (a power cut may lose the last commits)', n), fullFig, counterFig];
}

/** The mutable-counter design (writes.ts) with every commit fsynced, on the ledger's own disk. */
function durableCounter(ctx: CoreContext): { sell3(skus: string[]): void; close(): void } {
  const counter = new Database(join(ctx.workDir, 'baseline-counter-full.sqlite'));
  counter.pragma('journal_mode = WAL');
  counter.pragma('synchronous = FULL');
  counter.exec(`CREATE TABLE stock (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL)`);
  const insert = counter.prepare(`INSERT INTO stock (sku, qty) VALUES (?, ?)`);
  counter.transaction(() => { for (const it of ctx.gen.items) insert.run(it.sku, 1_000_000_000); })();
  const take = counter.prepare(`UPDATE stock SET qty = qty - 1 WHERE sku = ? AND qty >= 1`);
  const sell = counter.transaction((skus: string[]) => {
    for (const s of skus) if (take.run(s).changes !== 1) throw new Error(`counter: not enough ${s}`);
  });
  return { sell3: (skus) => sell.immediate(skus), close: () => counter.close() };
}
