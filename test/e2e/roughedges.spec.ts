import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { money, scannerBurst } from './backoffice';

test.beforeEach(async ({ app }) => {
  const ben = app.shop.clerks[1]!;
  await signIn(app.page, ben.name, ben.pin);
});

test('a keyboard-only sale loses no scan when scans arrive 30 ms apart', async ({ app }) => {
  const { page, ledger, shop } = app;
  const other = (await ledger.host.run('stock.list', { sort: '-available', limit: 3 })).rows.find((r) => r.sku !== shop.trailSku)!;
  const before = await Promise.all([shop.trailSku, other.sku].map((sku) => ledger.host.run('stock.get', { sku })));
  await page.keyboard.press('F2');
  await page.keyboard.press('Alt+2');
  await expect(page.getByTestId('doc-scan')).toBeFocused();
  // A scanner types each code and Enter; the next code starts 30 ms after the previous one, whether or
  // not the app has looked the last one up yet.
  await scannerBurst(page, 'doc-scan', [shop.trailBarcode, other.sku, shop.trailBarcode, other.sku, shop.trailBarcode], { gapMs: 30, charMs: 0 });
  await expect(page.getByTestId(`qty-${shop.trailSku}`)).toHaveValue('3');
  await expect(page.getByTestId(`qty-${other.sku}`)).toHaveValue('2');
  await expect(page.getByTestId('scan-error')).toHaveCount(0);
  await expect(page.getByTestId('doc-scan')).toHaveValue('');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('2 lines');
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before[0]!.onHand - 3);
  expect((await ledger.host.run('stock.get', { sku: other.sku })).onHand).toBe(before[1]!.onHand - 2);
});

test('Tab from the scan box goes to the quantity, and “Clear form” keeps the scan box ready for the next scan', async ({ app }) => {
  const { page, shop } = app;
  await page.keyboard.press('F2');
  await page.keyboard.type(shop.trailSku);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`qty-${shop.trailSku}`)).toBeVisible();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId(`qty-${shop.trailSku}`)).toBeFocused();
  await page.getByTestId('doc-clear').click();
  await expect(page.getByTestId('doc-scan')).toBeFocused();
  await page.keyboard.type(shop.sellable.sku);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId(`qty-${shop.sellable.sku}`)).toHaveValue('1');
});

test('every screen has a key, the nav buttons take Tab, and “?” lists the keys', async ({ app }) => {
  const { page } = app;
  for (const [key, screen] of [['Shift+F1', 'items-table'], ['Shift+F2', 'journal-table'], ['Shift+F6', 'sync-state']] as const) {
    await page.keyboard.press(key);
    await expect(page.getByTestId(screen)).toBeVisible();
  }
  for (const id of ['stock', 'items', 'journal', 'sync']) expect(await page.getByTestId(`nav-${id}`).getAttribute('tabindex')).toBeNull();
  await page.getByTestId('nav-stock').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('nav-items')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('items-table')).toBeVisible();
  await page.locator('body').click({ position: { x: 5, y: 740 } });
  await page.getByTestId('nav-keys').click();
  const help = page.getByTestId('keys-help');
  await expect(help).toContainText('Shift+F6');
  await expect(help).toContainText('Sync');
  await expect(help).toContainText('Switch clerk');
  await screenshot(page, 'keys-help');
  await page.keyboard.press('Escape');
  await expect(help).toHaveCount(0);
  await page.keyboard.press('F9');
  await page.locator('.screen').click({ position: { x: 600, y: 600 } });
  await page.keyboard.press('?');
  await expect(help).toBeVisible();
});

test('handing over asks first, Esc changes nothing, and the holds list shows item names', async ({ app }) => {
  const { page, ledger, shop } = app;
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  await page.keyboard.press('F3');
  await expect(page.getByTestId('hold-H-MARIA')).toContainText('Green tea Sencha 100 g');
  await page.getByTestId('fulfil-H-MARIA').click();
  await expect(page.getByTestId('handover-dialog')).toContainText('Maria Santos');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('handover-dialog')).toHaveCount(0);
  expect(await ledger.host.run('stock.get', { sku: shop.trailSku })).toEqual(before);
  await page.getByTestId('fulfil-H-MARIA').click();
  await page.getByTestId('handover-confirm').click();
  await expect(page.getByTestId('hold-message')).toContainText('handed over 2 × Green tea Sencha 100 g (TEA-0001) to Maria Santos');
});

test('after handing over the last held unit the stock value follows at once, and an item without cost says “no cost”', async ({ app }) => {
  const { page, ledger } = app;
  await ledger.host.run('items.upsert', { sku: 'FR-RB2140-901-50', name: 'Ray-Ban Wayfarer 2140 black 50', category: 'Frames' });
  await ledger.host.run('documents.record', { type: 'receive', actor: 'Ben Osei', lines: [{ sku: 'FR-RB2140-901-50', qty: 1, unitCost: 11200 }] });
  await ledger.host.run('reservations.reserve', { sku: 'FR-RB2140-901-50', qty: 1, ref: 'H-FRAME', customer: 'Rui Alves', actor: 'Ben Osei' });
  await ledger.host.run('items.upsert', { sku: 'FR-NOCOST-01', name: 'Sample frame (no invoice yet)' });
  await ledger.host.run('documents.record', { type: 'receive', actor: 'Ben Osei', lines: [{ sku: 'FR-NOCOST-01', qty: 2 }] });
  await page.getByTestId('stock-search').fill('FR-');
  const row = page.getByTestId('stock-row-FR-RB2140-901-50');
  await expect(row.locator('[data-col="value"]')).toHaveText(money(11200));
  await expect(row).toContainText('FR-RB2140-901-50'); // the whole SKU, not clipped
  expect(await row.locator('div').first().evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  await expect(page.getByTestId('stock-row-FR-NOCOST-01').locator('[data-col="value"]')).toHaveText('no cost');
  await page.keyboard.press('F3');
  await page.getByTestId('fulfil-H-FRAME').click();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hold-message')).toContainText('handed over');
  await page.keyboard.press('F1');
  await page.getByTestId('stock-search').fill('FR-RB');
  await expect(row.locator('[data-col="onHand"]')).toHaveText('0');
  await expect(row.locator('[data-col="value"]')).not.toHaveText(money(11200), { timeout: 1500 });
});

test('Esc empties the stock search for good: it does not come back after visiting another screen', async ({ app }) => {
  const { page, shop } = app;
  await expect(page.getByTestId('stock-count')).toHaveText(/^\d+ items$/);
  const all = await page.getByTestId('stock-count').textContent();
  await page.getByTestId('stock-search').fill('Sencha');
  await expect(page.getByTestId('stock-count')).not.toHaveText(all!);
  await page.getByTestId('stock-search').press('Escape');
  await expect(page.getByTestId('stock-search')).toHaveValue('');
  await expect(page.getByTestId('stock-count')).toHaveText(all!);
  await page.keyboard.press('F2');
  await page.keyboard.press('F1');
  await expect(page.getByTestId('stock-search')).toHaveValue('');
  await expect(page.getByTestId('stock-count')).toHaveText(all!);
  expect(shop.items).toBeGreaterThan(1);
});

test('the reverse dialog names the item and the date instead of a raw document id', async ({ app }) => {
  const { page, shop } = app;
  await page.getByTestId('stock-search').fill(shop.trailSku);
  await page.getByTestId(`stock-row-${shop.trailSku}`).dblclick();
  await page.getByTestId('trail-row').filter({ hasText: 'Sale' }).last().click();
  await page.getByTestId('trail').press('r');
  await expect(page.getByTestId('reverse-what')).toContainText('Green tea Sencha 100 g');
  await expect(page.getByTestId('reverse-dialog')).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/);
  await page.keyboard.press('Escape');
});

test('counts read as words: “1 hold”, “1 document”, never “1 items”', async ({ app }) => {
  const { page, ledger } = app;
  await page.getByTestId('stock-search').fill('TEA-0001');
  await expect(page.getByTestId('stock-count')).toHaveText('1 item');
  await page.keyboard.press('Shift+F2');
  await page.getByTestId('journal-search').fill('WO-20');
  await expect(page.getByTestId('journal-count')).toHaveText('1 document (all dates)');
  const holds = (await ledger.host.run('reservations.list', {})).rows.filter((r) => r.state === 'open');
  for (const h of holds.slice(1)) await ledger.host.run('reservations.release', { ref: h.ref, actor: 'Ben Osei' });
  await page.keyboard.press('F3');
  await expect(page.locator('.list-count')).toContainText('1 hold ·');
});

test('the on-hand chart draws a back-dated receipt on the day it happened, not the day it was typed in', async ({ app }) => {
  const { page, ledger } = app;
  await ledger.host.run('items.upsert', { sku: 'LENS-CL-30', name: 'Daily contact lenses 30 pack' });
  const happened = new Date(Date.now() - 3 * 86_400_000);
  await ledger.host.run('documents.record', { type: 'receive', occurredAt: happened.toISOString(), actor: 'Ben Osei', lines: [{ sku: 'LENS-CL-30', qty: 6 }] });
  await ledger.host.run('documents.record', { type: 'sale', actor: 'Ben Osei', lines: [{ sku: 'LENS-CL-30', qty: 1 }] });
  await page.getByTestId('stock-search').fill('LENS-CL-30');
  await page.getByTestId('stock-row-LENS-CL-30').dblclick();
  const day = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Lisbon', dateStyle: 'medium' }).format(d);
  await expect(page.getByTestId('chart-from')).toHaveText(day(happened));
  await expect(page.getByTestId('chart-to')).toHaveText(day(new Date()));
});

test('a PC that never connected does not claim its rows are at HQ', async ({ app }) => {
  const { page } = app;
  await page.keyboard.press('Shift+F6');
  await expect(page.getByTestId('sync-state')).toContainText('not connected to HQ');
  await expect(page.getByTestId('sync-state')).not.toContainText('Everything recorded on this PC is at HQ');
  await expect(page.getByTestId('status-sync')).toContainText('rows to send');
});

test('F8 pressed right after the last scan posts that scan too', async ({ app }) => {
  const { page, ledger, shop } = app;
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  await page.keyboard.press('F2');
  await page.keyboard.press('Alt+2');
  await scannerBurst(page, 'doc-scan', [shop.trailBarcode, shop.trailBarcode], { gapMs: 30, charMs: 0 });
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('Green tea Sencha 100 g −2');
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before.onHand - 2);
});
