/**
 * How long the stock list takes to show 40,000 items, in Debian's Chromium, with the Vite-built
 * renderer and the real command layer bound in place of the preload (the e2e harness). Measured in
 * `npm run bench`, never asserted. Needs `npm run build` (dist/renderer) and /usr/bin/chromium.
 *
 *  - open:   from pressing F1 on another screen to the first rows and "40,000 items" on screen
 *  - end:    from pressing End in the list to the last item's row on screen
 *  - search: from typing a name fragment to the filtered rows on screen
 */
import { chromium, type Page } from '@playwright/test';
import type { LedgerHost } from '../electron/host/inProcessHost';
import { upsertItem } from '../electron/catalogue/items';
import { ensureCosted } from '../electron/costs/catchUp';
import { writeTransaction } from '../electron/ledger/write';
import { bindLedger, CHROMIUM_LAUNCH, openTempLedger, serveRenderer, VIEWPORT } from '../test/e2e/harness';
import type { Figure, SectionContext } from './sections/types';

const REPEATS = 7;
const BENCH_CLERK = { name: 'Bench clerk', pin: '4096' };

export interface StockListFigures {
  ms: number;
  items: number;
  openMs: number[];
  endMs: number[];
  searchMs: number[];
  firstLoadMs: number;
  /** FIFO costing still queued when the section started (e.g. by ledger.rebuild), done before the browser opens. */
  costBacklogMs: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Runs `action` inside the page and answers the ms until `done()` holds on an animation frame. */
async function timeInPage(page: Page, step: string, action: string, done: string): Promise<number> {
  return page.evaluate(async ({ step, action, done }) => {
    // eslint-disable-next-line no-new-func
    const act = new Function(action) as () => void;
    const check = new Function(`return (${done})`) as () => boolean;
    const raf = (cb: () => void) => (globalThis as unknown as { requestAnimationFrame(cb: () => void): void }).requestAnimationFrame(cb);
    const t0 = performance.now();
    act();
    await new Promise<void>((resolve, reject) => {
      const limit = t0 + 60_000;
      const tick = () => (check() ? resolve() : performance.now() > limit ? reject(new Error(`${step}: no answer on screen within 60 s (waiting for ${done})`)) : raf(tick));
      tick();
    });
    return performance.now() - t0;
  }, { step, action, done });
}

async function ensureClerk(host: LedgerHost): Promise<void> {
  const { rows } = await host.run('users.list', { includeDisabled: true });
  const existing = rows.find((c) => c.name === BENCH_CLERK.name);
  const manager = rows.find((c) => c.role === 'manager' && c.active);
  if (!existing) await host.run('users.upsert', { name: BENCH_CLERK.name, pin: BENCH_CLERK.pin, actor: manager?.name });
}

/** Measures the stock list over whatever ledger `host` is bound to. */
export async function measureStockList(host: LedgerHost): Promise<StockListFigures> {
  await ensureClerk(host);
  // ledger.rebuild leaves the whole FIFO projection queued, to be costed in slices. The list's Stock
  // value column asks valuation.report, which catches everything up first: on a 5 M-movement file a
  // minute of work on this thread, which also runs Playwright and answers the page's calls. Done here,
  // timed on its own row, so the figures below are the list's.
  const costStart = performance.now();
  ensureCosted(host.ledger);
  const costBacklogMs = performance.now() - costStart;
  const total = (await host.run('stock.list', { limit: 1 })).total;
  const totalText = `${total.toLocaleString('en-GB')} items`;
  const last = (await host.run('stock.list', { sort: 'name', limit: 1, offset: total - 1 })).rows[0]!;
  const server = await serveRenderer();
  const browser = await chromium.launch(CHROMIUM_LAUNCH);
  try {
    const page = await browser.newPage({ viewport: VIEWPORT, locale: 'en-GB' });
    page.setDefaultTimeout(120_000); // a loaded 2-core machine, 40,000 items: slow is a figure, not a failure
    await bindLedger(page, host);
    const loadStart = Date.now();
    await page.goto(server.url);
    await page.getByTestId(`clerk-${BENCH_CLERK.name}`).click();
    await page.getByTestId('signin-pin').fill(BENCH_CLERK.pin);
    await page.getByTestId('signin-pin').press('Enter');
    await page.getByText(totalText).waitFor();
    await page.locator('[data-index="0"][data-testid^="stock-row-"]').waitFor();
    const firstLoadMs = Date.now() - loadStart;

    const shown = `document.querySelector('[data-testid="stock-count"]')?.textContent === ${JSON.stringify(totalText)} && !!document.querySelector('[data-index="0"][data-testid^="stock-row-"]')`;
    const press = (key: string, target = 'window') => `${target}.dispatchEvent(new KeyboardEvent('keydown', { key: '${key}', bubbles: true }))`;
    const openMs: number[] = [];
    const endMs: number[] = [];
    const searchMs: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      await page.keyboard.press('F9');
      await page.getByTestId('health-check').waitFor();
      openMs.push(await timeInPage(page, 'open (F1)', press('F1'), shown));
      await page.getByTestId('stock-list').focus();
      endMs.push(await timeInPage(page, 'End key', `document.querySelector('[data-testid="stock-list"]').focus(); ${press('End', `document.querySelector('[data-testid="stock-list"]')`)}`,
        `!!document.querySelector('[data-testid=${JSON.stringify(`stock-row-${last.sku}`)}]')`));
      const fragment = last.name.split(' ').slice(0, 2).join(' ');
      const expected = (await host.run('stock.list', { search: fragment, sort: 'name', limit: 1 })).rows[0]!;
      await page.getByTestId('stock-search').fill('');
      searchMs.push(await timeInPage(page, `type-ahead search "${fragment}"`,
        `const el = document.querySelector('[data-testid="stock-search"]'); const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set; set.call(el, ${JSON.stringify(fragment)}); el.dispatchEvent(new Event('input', { bubbles: true }));`,
        `document.querySelector('[data-index="0"]')?.getAttribute('data-testid') === ${JSON.stringify(`stock-row-${expected.sku}`)}`));
      await page.getByTestId('stock-search').fill('');
      await page.getByText(totalText).waitFor();
    }
    return { ms: Math.round(median(openMs)), items: total, openMs, endMs, searchMs, firstLoadMs, costBacklogMs };
  } finally {
    await browser.close();
    await server.close();
  }
}

/** A fresh ledger with 40,000 items (most with stock), then the measurement. */
export async function measureStockList40k(): Promise<StockListFigures> {
  const ledger = openTempLedger();
  try {
    const { host } = ledger;
    await host.run('users.upsert', { name: 'Bench manager', pin: '1111' });
    const now = Date.now();
    const skus = Array.from({ length: 40_000 }, (_, i) => `SKU-${String(i + 1).padStart(5, '0')}`);
    writeTransaction(host.ledger, () => {
      skus.forEach((sku, i) => upsertItem(host.ledger.db, { sku, name: `Item ${(i * 7919) % 40_000} ${['tea', 'soap', 'pen', 'milk', 'beans'][i % 5]}`, category: `Category ${i % 40}`, brand: `Brand ${i % 120}`, barcode: String(5_000_000_000_000 + i) }, now));
    });
    await host.run('documents.import', { id: 'bench-opening', actor: 'Bench manager', lines: skus.map((sku, i) => ({ type: 'receive' as const, sku, qty: 1 + (i % 50) })) });
    return await measureStockList(host);
  } finally {
    ledger.close();
  }
}

/** The benchmark section (bench/sections/optional.ts): measured over the generated branch ledger. */
export async function run(ctx: SectionContext): Promise<Figure[]> {
  const f = await measureStockList(ctx.host);
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const at = (q: number) => Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]! * 10) / 10;
    return { p50: at(0.5), p95: at(0.95), p99: at(0.99), samples: s.length };
  };
  const n = f.items.toLocaleString('en-GB');
  return [
    { id: 'ui.stockList.open', name: `stock list: show ${n} items (F1 to rows on screen)`, unit: 'ms', ...stats(f.openMs) },
    { id: 'ui.stockList.end', name: `stock list: End key to the last of ${n} items`, unit: 'ms', ...stats(f.endMs) },
    { id: 'ui.stockList.search', name: `stock list: type-ahead search over ${n} items`, unit: 'ms', ...stats(f.searchMs), note: 'includes the 120 ms type-ahead pause' },
    { id: 'ui.stockList.firstLoad', name: 'app start to stock list (incl. sign-in)', unit: 'ms', value: f.firstLoadMs },
    { id: 'ui.stockList.costBacklog', name: 'FIFO costing still queued before the stock list (left by ledger.rebuild), caught up', unit: 's', value: f.costBacklogMs / 1000, samples: 1 },
  ];
}

// `node dist/bench/uiStockList.js` on its own: the 40,000-item figure.
if (require.main === module) {
  measureStockList40k().then((f) => { console.log(JSON.stringify(f, null, 2)); }, (err) => { console.error(err); process.exit(1); });
}
