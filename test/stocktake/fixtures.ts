import type { LedgerHost } from '../../electron/host/inProcessHost';

/** A small shop: three teas and a coffee, each received with a unit cost (minor units). */
export async function seedShop(host: LedgerHost): Promise<void> {
  const items = [
    { sku: 'TEA-01', name: 'Green tea 100g', category: 'Tea', brand: 'Leafy', barcode: '4000000000011', qty: 20, cost: 350 },
    { sku: 'TEA-02', name: 'Black tea 250g', category: 'Tea', brand: 'Leafy', barcode: '4000000000028', qty: 12, cost: 500 },
    { sku: 'TEA-03', name: 'Mint tea 50g', category: 'Tea', brand: 'Herba', barcode: '4000000000035', qty: 5, cost: 200 },
    { sku: 'COF-01', name: 'Espresso beans 1kg', category: 'Coffee', brand: 'Roast', barcode: '4000000000042', qty: 8, cost: 1800 },
  ];
  for (const i of items) await host.run('items.upsert', { sku: i.sku, name: i.name, category: i.category, brand: i.brand, barcode: i.barcode });
  await host.run('documents.record', { type: 'receive', id: 'seed-receipt', lines: items.map((i) => ({ sku: i.sku, qty: i.qty, unitCost: i.cost })), actor: 'seed' });
}

export async function sell(host: LedgerHost, sku: string, qty: number, actor = 'till'): Promise<void> {
  await host.run('documents.record', { type: 'sale', lines: [{ sku, qty }], actor });
}

export async function onHand(host: LedgerHost, sku: string): Promise<number> {
  return (await host.run('stock.get', { sku })).onHand;
}

/** Rows of this stock take's adjustments in the ledger. */
export function adjustmentRows(host: LedgerHost, sessionId: string): Array<{ sku: string; qty: number; kind: string; actor: string; doc_line: number; recorded_at: number; learned_at: number; seq: number }> {
  return host.ledger.db.prepare(`SELECT sku, qty, kind, actor, doc_line, recorded_at, learned_at, seq FROM movements WHERE doc_type = 'stocktake' AND doc_id = ? ORDER BY seq`).all(sessionId) as never;
}

export function movementCount(host: LedgerHost): number {
  return (host.ledger.db.prepare(`SELECT count(*) AS n FROM movements`).get() as { n: number }).n;
}
