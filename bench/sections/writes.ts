import Database from 'better-sqlite3';
import { join } from 'node:path';
import { latencyFigure, atMost, ratioOf, timeEach } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

/**
 * A clerk's writes through the command layer (documents.record: validation, idempotency header,
 * append with ids + hash chain + availability check, balances and both snapshot axes, read-back),
 * against the mutable-counter design (`UPDATE stock SET qty = qty - ?`) on the same machine.
 */
export async function writeSections(ctx: CoreContext): Promise<Figure[]> {
  const { gen, host, random } = ctx;
  const { items, model, byRank } = gen;
  // Lines on items that have the stock (a sale refused for lack of stock would measure the refusal).
  const popularWithStock = (qty: number) => {
    for (;;) {
      const item = byRank[Math.floor(Math.pow(random(), 3) * byRank.length)]!;
      if (model.available(item) >= qty) return item;
    }
  };
  const nSales = ctx.samples(2000);
  let docNo = 0;
  const sale = await timeEach(nSales, async () => {
    const picked = new Set<number>();
    while (picked.size < 3) picked.add(popularWithStock(2));
    const lines = [...picked].map((i) => ({ sku: items[i]!.sku, qty: 1 }));
    const outcome = await host.call('documents.record', { type: 'sale', id: `bench-sale-${++docNo}`, lines, actor: 'clerk-1' });
    if (!outcome.ok) throw new Error(`sale refused: ${outcome.error.message}`);
    for (const i of picked) model.onHand[i]! -= 1;
  }, undefined, (d) => ctx.progress('3-line sales', d, nSales));

  const nReceipts = ctx.samples(300);
  const receipt = await timeEach(nReceipts, async () => {
    const picked = new Set<number>();
    while (picked.size < 50) picked.add(Math.floor(random() * items.length));
    const qtys = [...picked].map((i) => [i, 1 + Math.floor(random() * 24)] as const);
    const lines = qtys.map(([i, qty]) => ({ sku: items[i]!.sku, qty, unitCost: 100 + Math.floor(random() * 5000) }));
    const outcome = await host.call('documents.record', { type: 'receive', id: `bench-receipt-${++docNo}`, lines, actor: 'clerk-1' });
    if (!outcome.ok) throw new Error(`receipt refused: ${outcome.error.message}`);
    for (const [i, qty] of qtys) model.onHand[i]! += qty;
  }, undefined, (d) => ctx.progress('50-line receipts', d, nReceipts));

  // The mutable-counter design: one number per item, decremented in place (no history, no proof).
  const counter = new Database(join(ctx.workDir, 'baseline-counter.sqlite'));
  counter.pragma('journal_mode = WAL');
  counter.pragma('synchronous = NORMAL');
  counter.exec(`CREATE TABLE stock (sku TEXT PRIMARY KEY, qty INTEGER NOT NULL)`);
  const insert = counter.prepare(`INSERT INTO stock (sku, qty) VALUES (?, ?)`);
  counter.transaction(() => { items.forEach((it, i) => insert.run(it.sku, model.onHand[i]! + 1_000_000)); })();
  const take = counter.prepare(`UPDATE stock SET qty = qty - ? WHERE sku = ? AND qty >= ?`);
  const add = counter.prepare(`UPDATE stock SET qty = qty + ? WHERE sku = ?`);
  const sell3 = counter.transaction((skus: string[]) => {
    for (const s of skus) if (take.run(1, s, 1).changes !== 1) throw new Error(`counter: not enough ${s}`);
  });
  const receive50 = counter.transaction((lines: Array<[string, number]>) => { for (const [s, q] of lines) add.run(q, s); });
  const counterSale = await timeEach(nSales, () => {
    const skus = new Set<string>();
    while (skus.size < 3) skus.add(items[popularWithStock(0)]!.sku);
    sell3.immediate([...skus]);
  });
  const counterReceipt = await timeEach(nReceipts, () => {
    const lines = new Map<string, number>();
    while (lines.size < 50) lines.set(items[Math.floor(random() * items.length)]!.sku, 1 + Math.floor(random() * 24));
    receive50.immediate([...lines]);
  });
  counter.close();

  const counterSaleFig = latencyFigure('baseline.counter.sale3', 'baseline: mutable counter, 3-line sale (3 UPDATEs)', counterSale);
  const counterReceiptFig = latencyFigure('baseline.counter.receipt50', 'baseline: mutable counter, 50-line receipt', counterReceipt);
  const saleFig = latencyFigure('documents.record.sale3', 'documents.record sale, 3 lines (append+caches+snapshots+hash)', sale, { target: atMost(0.5) });
  saleFig.ratios = ratioOf(saleFig, counterSaleFig, 'mutable counter');
  const receiptFig = latencyFigure('documents.record.receipt50', 'documents.record receipt, 50 lines', receipt);
  receiptFig.ratios = ratioOf(receiptFig, counterReceiptFig, 'mutable counter');
  return [saleFig, receiptFig, counterSaleFig, counterReceiptFig];
}
