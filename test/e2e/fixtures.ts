/**
 * Playwright fixtures on top of the harness. Each worker seeds one realistic shop into a template file
 * once; each test gets its own copy of it (a real SQLite file), bound into its page, and opens the app.
 * `test.use({ seeded: false })` gives a fresh, empty ledger instead (first run).
 */
import { test as base, expect, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bindLedger, openTempLedger, serveRenderer, type BridgeFaults, type ServedRenderer, type TempLedger } from './harness';
import { seedShop, type SeededShop } from './seed';

interface Template { file: string; shop: SeededShop }

export interface Shop {
  page: Page;
  ledger: TempLedger;
  shop: SeededShop;
  url: string;
  /** Set `faults.answer` to tamper with what the page receives (the ledger still ran the command). */
  faults: BridgeFaults;
}

export const test = base.extend<{ seeded: boolean; app: Shop }, { server: ServedRenderer; template: Template }>({
  server: [async ({}, use) => {
    const server = await serveRenderer();
    await use(server);
    await server.close();
  }, { scope: 'worker' }],
  template: [async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-template-'));
    const ledger = openTempLedger();
    const shop = await seedShop(ledger.host, ledger.clock);
    const file = join(dir, 'template.sqlite');
    ledger.host.ledger.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    await ledger.host.ledger.db.backup(file);
    ledger.close();
    await use({ file, shop });
    rmSync(dir, { recursive: true, force: true });
  }, { scope: 'worker', timeout: 120_000 }],
  seeded: [true, { option: true }],
  app: async ({ page, server, template, seeded }, use) => {
    const ledger = openTempLedger(seeded ? template.file : undefined);
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    const faults: BridgeFaults = {};
    await bindLedger(page, ledger.host, { answer: (name, outcome) => (faults.answer ? faults.answer(name, outcome) : outcome) });
    await page.goto(server.url);
    await use({ page, ledger, shop: template.shop, url: server.url, faults });
    ledger.close();
    // A page that threw (or broke its CSP) fails the test even when the screen looked right.
    expect(errors, 'errors in the page').toEqual([]);
  },
});

export { expect };

/** Signs in through the sign-in screen: pick the name, type the PIN, Enter. */
export async function signIn(page: Page, name: string, pin: string): Promise<void> {
  await page.getByTestId(`clerk-${name}`).click();
  await page.getByTestId('signin-pin').fill(pin);
  await page.getByTestId('signin-pin').press('Enter');
  await expect(page.getByTestId('status-clerk')).toContainText(name);
}

/** The on-hand / reserved / available of one item, read from the ledger (not the screen). */
export async function stockOf(ledger: TempLedger, sku: string) {
  return ledger.host.run('stock.get', { sku });
}
