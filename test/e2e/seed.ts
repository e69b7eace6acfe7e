/**
 * A realistic branch for the end-to-end tests and screenshots: a few hundred items with real-looking
 * names, brands, categories and EAN-13 barcodes; two months of deliveries, sales, returns, write-offs
 * and corrections by three clerks; one item (the "trail item") with 60+ movements including a
 * reversal, an adjustment and a customer hold. Everything goes through the command layer.
 */
import type { LedgerHost } from '../../electron/host/inProcessHost';
import type { TestClock } from './harness';
import { mulberry32 } from '../../shared/random';

export const CLERKS = [
  { name: 'Anna Kowalski', pin: '1234', role: 'manager' as const },
  { name: 'Ben Osei', pin: '2468', role: 'clerk' as const },
  { name: 'Chloé Martin', pin: '1357', role: 'clerk' as const },
];

export const TRAIL_SKU = 'TEA-0001';
export const TRAIL_BARCODE = '5012345678900';

const DAY = 86_400_000;

const CATALOGUE: Record<string, { prefix: string; brands: string[]; products: string[]; sizes: string[] }> = {
  'Tea & coffee': { prefix: 'TEA', brands: ['Clipper', 'Twinings', 'Lavazza', 'Illy', 'Pukka'], products: ['Green tea Sencha', 'Earl Grey', 'English Breakfast', 'Rooibos', 'Espresso beans', 'Ground coffee Crema', 'Chamomile', 'Peppermint tea'], sizes: ['100 g', '250 g', '40 bags', '80 bags', '500 g'] },
  Snacks: { prefix: 'SNK', brands: ['Kettle', 'Tyrrells', 'Lindt', 'Ritter Sport', 'Nature Valley'], products: ['Sea salt crisps', 'Dark chocolate 70%', 'Milk chocolate hazelnut', 'Oat bars honey', 'Salted pretzels', 'Trail mix'], sizes: ['40 g', '100 g', '150 g', '6-pack'] },
  Dairy: { prefix: 'DRY', brands: ['Arla', 'Président', 'Yeo Valley', 'Alpro'], products: ['Whole milk', 'Greek yoghurt', 'Butter unsalted', 'Oat drink', 'Camembert', 'Cheddar mature'], sizes: ['250 g', '500 g', '1 l', '200 g'] },
  Household: { prefix: 'HSE', brands: ['Ecover', 'Method', 'Fairy', 'Finish'], products: ['Washing-up liquid', 'Laundry liquid', 'Dishwasher tablets', 'All-purpose spray', 'Glass cleaner'], sizes: ['500 ml', '1 l', '30 pcs', '750 ml'] },
  'Personal care': { prefix: 'PER', brands: ['Nivea', 'Dove', 'Colgate', 'Weleda'], products: ['Shower gel', 'Toothpaste whitening', 'Hand cream', 'Shampoo', 'Deodorant roll-on'], sizes: ['50 ml', '75 ml', '250 ml', '400 ml'] },
  Stationery: { prefix: 'STA', brands: ['Stabilo', 'Pilot', 'Leitz', 'Moleskine'], products: ['Highlighter yellow', 'Gel pen blue', 'Ring binder A4', 'Notebook ruled A5', 'Sticky notes'], sizes: ['single', '4-pack', '10-pack'] },
  Beverages: { prefix: 'BEV', brands: ['San Pellegrino', 'Fever-Tree', 'Innocent', 'Volvic'], products: ['Sparkling water', 'Tonic water', 'Orange juice', 'Still water', 'Ginger beer'], sizes: ['330 ml', '500 ml', '1 l', '6 × 1.5 l'] },
  'Canned food': { prefix: 'CAN', brands: ['Mutti', 'Heinz', 'Rio Mare', 'Epicure'], products: ['Chopped tomatoes', 'Baked beans', 'Tuna in olive oil', 'Chickpeas', 'Coconut milk'], sizes: ['160 g', '400 g', '3-pack'] },
};

/** A valid EAN-13 from 12 digits. */
export function ean13(twelve: string): string {
  const sum = [...twelve].reduce((s, d, i) => s + Number(d) * (i % 2 ? 3 : 1), 0);
  return twelve + ((10 - (sum % 10)) % 10);
}

export interface SeededShop {
  items: number;
  trailSku: string;
  trailBarcode: string;
  /** An item with plenty of stock, for sales in tests. */
  sellable: { sku: string; name: string; available: number };
  /** Items whose stock the seed drove negative (sold beyond stock while negative stock was allowed). */
  negativeSkus: string[];
  clerks: typeof CLERKS;
}

export async function seedShop(host: LedgerHost, clock: TestClock, options: { items?: number } = {}): Promise<SeededShop> {
  const rand = mulberry32(42);
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const start = Date.now() - 62 * DAY;
  const at = (day: number, minutes: number) => start + day * DAY + 9 * 3_600_000 + minutes * 60_000;

  clock.set(start - DAY);
  await host.run('settings.set', { branchCode: 'LIS-01', branchName: 'Lisbon · Rua Augusta', timeZone: 'Europe/Lisbon' });
  for (const c of CLERKS) await host.run('users.upsert', { name: c.name, pin: c.pin, role: c.role, actor: CLERKS[0]!.name });

  // The catalogue.
  const skus: string[] = [];
  await host.run('items.upsert', { sku: TRAIL_SKU, name: 'Green tea Sencha 100 g', category: 'Tea & coffee', brand: 'Clipper', barcode: TRAIL_BARCODE, unit: 'pcs' });
  const wanted = options.items ?? 320;
  let n = 0;
  const categories = Object.entries(CATALOGUE);
  while (skus.length < wanted - 1) {
    const [category, c] = categories[n % categories.length]!;
    n++;
    const sku = `${c.prefix}-${String(Math.floor(n / categories.length) + 2).padStart(4, '0')}`;
    const brand = pick(c.brands);
    const name = `${brand} ${pick(c.products)} ${pick(c.sizes)}`;
    await host.run('items.upsert', { sku, name, category, brand, barcode: ean13(`50${String(100000000 + n * 7919).slice(-9)}${n % 10}`), unit: 'pcs' });
    skus.push(sku);
  }

  const [anna, ben, chloe] = CLERKS.map((c) => c.name) as [string, string, string];
  // Opening delivery of most of the range.
  clock.set(at(0, 0));
  await host.run('documents.record', { type: 'receive', id: 'DEL-0001', actor: anna, note: 'Opening delivery', lines: skus.slice(0, Math.floor(wanted * 0.85)).map((sku) => ({ sku, qty: 6 + Math.floor(rand() * 60), unitCost: 50 + Math.floor(rand() * 900) })) });

  // Two months of trade across the range, and the trail item's own history.
  let trail = 0;
  for (let day = 1; day <= 60; day++) {
    const who = pick([anna, ben, chloe]);
    clock.set(at(day, 5));
    const sold = Array.from({ length: 6 }, () => pick(skus.slice(0, Math.floor(wanted * 0.85))));
    const lines = [...new Set(sold)].map((sku) => ({ sku, qty: 1 + Math.floor(rand() * 2) }));
    await host.run('documents.record', { type: 'sale', id: `SALE-${day}-A`, actor: who, lines }).catch(() => undefined);
    if (day % 7 === 1) {
      clock.set(at(day, 1));
      await host.run('documents.record', { type: 'receive', id: `DEL-${day}`, actor: ben, lines: [{ sku: TRAIL_SKU, qty: 24, unitCost: 310 + day }, ...skus.slice(day, day + 8).map((sku) => ({ sku, qty: 12, unitCost: 120 }))] });
      trail++;
    }
    clock.set(at(day, 30 + (day % 5) * 40));
    await host.run('documents.record', { type: 'sale', id: `SALE-${day}-T`, actor: who, lines: [{ sku: TRAIL_SKU, qty: 1 + (day % 3) }] }).catch(() => undefined);
    trail++;
    if (day % 9 === 4) {
      clock.set(at(day, 200));
      await host.run('documents.record', { type: 'sale', id: `SALE-${day}-T2`, actor: chloe, lines: [{ sku: TRAIL_SKU, qty: 2 }] }).catch(() => undefined);
      trail++;
    }
    if (day === 12) {
      clock.set(at(day, 300));
      await host.run('documents.record', { type: 'customer_return', id: 'RET-12', actor: chloe, note: 'Unopened, receipt shown', lines: [{ sku: TRAIL_SKU, qty: 1 }] });
    }
    if (day === 20) {
      clock.set(at(day, 320));
      await host.run('documents.record', { type: 'write_off', id: 'WO-20', actor: anna, note: 'Box crushed in delivery', lines: [{ sku: TRAIL_SKU, qty: 2 }] });
    }
    if (day === 27) {
      clock.set(at(day, 330));
      const mistake = await host.run('documents.record', { type: 'sale', id: 'SALE-27-X', actor: ben, lines: [{ sku: TRAIL_SKU, qty: 10 }] });
      clock.set(at(day, 345));
      await host.run('movements.reverse', { movementId: mistake.movements[0]!.id, reason: 'Scanned 10 instead of 1; customer bought one', actor: anna });
      await host.run('documents.record', { type: 'sale', id: 'SALE-27-Y', actor: ben, lines: [{ sku: TRAIL_SKU, qty: 1 }] });
    }
    if (day === 35) {
      clock.set(at(day, 400));
      await host.run('documents.record', { type: 'adjustment', id: 'ADJ-35', actor: anna, note: 'Shelf count found 3 more behind the till', lines: [{ sku: TRAIL_SKU, qty: 3 }] });
    }
    if (day === 41) {
      clock.set(at(day, 100));
      await host.run('reservations.reserve', { sku: TRAIL_SKU, qty: 4, ref: 'H-CAFE41', customer: 'Café Central', actor: ben });
      clock.set(at(day + 1, 100));
      await host.run('reservations.fulfil', { ref: 'H-CAFE41', actor: chloe });
    }
    if (day === 50) {
      clock.set(at(day, 420));
      await host.run('documents.record', { type: 'complimentary', id: 'COMP-50', actor: anna, note: 'Tasting for the tea club', lines: [{ sku: TRAIL_SKU, qty: 1 }] });
    }
    if (day === 55) {
      clock.set(at(day, 440));
      await host.run('documents.record', { type: 'supplier_return', id: 'SRET-55', actor: ben, note: 'Best-before too short', lines: [{ sku: TRAIL_SKU, qty: 3 }] });
    }
  }

  // Two items sold beyond stock while the branch briefly allowed negative stock (e.g. offline tills).
  const negativeSkus = skus.slice(Math.floor(wanted * 0.85), Math.floor(wanted * 0.85) + 2);
  clock.set(at(58, 60));
  await host.run('settings.set', { allowNegativeStock: true });
  for (const sku of negativeSkus) await host.run('documents.record', { type: 'sale', id: `NEG-${sku}`, actor: ben, lines: [{ sku, qty: 2 }] });
  await host.run('settings.set', { allowNegativeStock: false });

  // Holds still open today: one for the trail item, a few across the range.
  clock.set(null);
  const now = Date.now();
  await host.run('reservations.reserve', { sku: TRAIL_SKU, qty: 2, ref: 'H-MARIA', customer: 'Maria Santos · 912 345 678', expiresAt: new Date(now + 5 * 3_600_000).toISOString(), actor: chloe });
  for (const [i, sku] of skus.slice(3, 7).entries()) {
    await host.run('reservations.reserve', { sku, qty: 1 + i, ref: `H-10${i}`, customer: pick(['João Silva', 'Lena Braun', 'Hotel Avenida', 'Sofia Costa']), expiresAt: new Date(now + (i + 1) * 30 * 3_600_000).toISOString(), actor: pick([anna, ben]) }).catch(() => undefined);
  }

  const best = (await host.run('stock.list', { sort: '-available', limit: 1 })).rows[0]!;
  return { items: wanted, trailSku: TRAIL_SKU, trailBarcode: TRAIL_BARCODE, sellable: { sku: best.sku, name: best.name, available: best.available }, negativeSkus, clerks: CLERKS };
}
