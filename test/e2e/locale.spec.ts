import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { money, spaces } from './backoffice';

/** Cells whose number starts with a hyphen-minus instead of "−" (document numbers like SALE-27-X are fine). */
async function hyphenMinus(page: import('@playwright/test').Page): Promise<string[]> {
  return page.locator('.screen td, .screen .n, .screen b').evaluateAll((els) => els.map((e) => e.textContent ?? '').filter((t) => /(^|\s)-[\d€$£]/.test(t.trim())));
}

test.beforeEach(async ({ app }) => {
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
});

test('a manager switches the branch to de-DE: money reads “1.358,51 €” everywhere, at once', async ({ app }) => {
  const { page, ledger } = app;
  await page.keyboard.press('F10');
  await page.getByTestId('settings-locale').fill('de-DE');
  await expect(page.getByTestId('settings-sample')).toContainText('1.358,51');
  await page.getByTestId('settings-save').click();
  // The save goes page → HTTP → worker: poll the ledger rather than read it before the save has landed (a clean CI raced it).
  await expect.poll(async () => (await ledger.host.run('settings.get', {})).locale).toBe('de-DE');
  expect(await ledger.host.run('settings.get', {})).toMatchObject({ locale: 'de-DE', currency: 'EUR' });
  await page.keyboard.press('F7');
  const report = await ledger.host.run('valuation.report', {});
  const want = spaces(money(report.totals.value, 'de-DE'));
  await expect.poll(async () => spaces((await page.getByTestId('valuation-total-value').textContent()) ?? '')).toBe(want);
  expect(want).toMatch(/^\d{1,3}(\.\d{3})*,\d{2} €$/);
  await screenshot(page, 'valuation-de-DE');
});

test('en-US and US dollars: amounts, thousands and dates follow the locale, days stay in the branch zone', async ({ app }) => {
  const { page, ledger, shop } = app;
  await ledger.host.run('settings.set', { locale: 'en-US', currency: 'USD' });
  await page.reload();
  await signIn(page, shop.clerks[0]!.name, shop.clerks[0]!.pin);
  await page.getByTestId('stock-search').fill(shop.trailSku);
  const costs = await ledger.host.run('costs.item', { sku: shop.trailSku });
  await expect(page.getByTestId(`stock-row-${shop.trailSku}`).locator('[data-col="value"]')).toHaveText(money(costs.value, 'en-US', 'USD'));
  await page.getByTestId(`stock-row-${shop.trailSku}`).dblclick();
  const first = (await ledger.host.run('stock.trail', { sku: shop.trailSku, limit: 1 })).rows[0]!;
  const expected = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Lisbon', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(first.occurredAt));
  await expect(page.locator(`[data-id="${first.id}"]`)).toContainText(spaces(expected).split(' ')[0]!); // "Nov"
  expect(spaces((await page.locator(`[data-id="${first.id}"] td`).first().textContent())!)).toBe(spaces(expected));
});

test('one minus sign everywhere: negative stock, deltas and money never show a hyphen', async ({ app }) => {
  const { page, ledger, shop } = app;
  const sku = shop.negativeSkus[0]!;
  await page.getByTestId('stock-search').fill(sku);
  const row = page.getByTestId(`stock-row-${sku}`);
  await expect(row.locator('[data-col="onHand"]')).toHaveText(/^−\d+$/);
  await page.keyboard.press('Shift+F2');
  await page.getByTestId('journal-search').fill('SALE-27-X');
  await page.getByTestId('journal-row-SALE-27-X').click();
  await expect(page.getByTestId('doc-view-lines')).toContainText('−10');
  expect(await hyphenMinus(page)).toEqual([]);
  // A money amount below zero: a stock-take shortage's value.
  const s = await ledger.host.run('stocktake.start', { scope: { kind: 'skus', skus: [shop.trailSku] }, actor: 'Anna Kowalski' });
  await ledger.host.run('stocktake.count', { sessionId: s.id, sku: shop.trailSku, qty: 0, mode: 'set', actor: 'Anna Kowalski' });
  await page.keyboard.press('F4');
  await page.getByTestId(`st-session-${s.id}`).click();
  await page.getByTestId('st-to-review').click();
  await expect(page.locator('.screen')).toContainText('−€');
  expect(await hyphenMinus(page)).toEqual([]);
});

test('cost of goods nets a reversal into the line it reverses; the item’s costs do not list it as “went out”', async ({ app }) => {
  const { page, ledger, shop } = app;
  const cogs = await ledger.host.run('costs.cogs', { from: '2000-01-01', to: new Date().toISOString().slice(0, 10) });
  expect(cogs.byKind.map((k) => k.kind)).not.toContain('reversal');
  await page.keyboard.press('F7');
  await page.getByTestId('cogs-from').fill('2000-01-01');
  await expect(page.getByTestId('cogs-kind-sale')).toBeVisible();
  await expect(page.getByTestId('cogs-kind-reversal')).toHaveCount(0);
  const sale = cogs.byKind.find((k) => k.kind === 'sale')!;
  await expect(page.getByTestId('cogs-kind-sale')).toContainText(money(sale.cost));

  // The trail item's SALE-27-X (10 units, reversed) shows as reversed, with no separate reversal row.
  const costs = await ledger.host.run('costs.item', { sku: shop.trailSku, limit: 200 });
  const mistake = costs.outflows.find((o) => o.docId === 'SALE-27-X')!;
  const reversal = costs.outflows.find((o) => o.state === 'reversal')!;
  expect(reversal).toMatchObject({ state: 'reversal' });
  await page.keyboard.press('F1');
  await page.getByTestId('stock-search').fill(shop.trailSku);
  await page.getByTestId(`stock-row-${shop.trailSku}`).dblclick();
  await expect(page.getByTestId('item-outflow-costs')).toBeVisible();
  await expect(page.getByTestId(`outflow-cost-${reversal.movementId}`)).toHaveCount(0);
  if (costs.outflows.slice(0, 8).includes(mistake)) await expect(page.getByTestId(`outflow-cost-${mistake.movementId}`)).toContainText('reversed');
});

test('settings refuse a currency or locale that does not exist, and change nothing', async ({ app }) => {
  const { page, ledger } = app;
  await page.keyboard.press('F10');
  await page.getByTestId('settings-currency').fill('EU');
  await expect(page.getByTestId('settings-sample')).toContainText('not a known');
  await page.getByTestId('settings-save').click();
  await expect(page.locator('.error-box')).toContainText('three-letter ISO code');
  expect((await ledger.host.run('settings.get', {})).currency).toBe('EUR');
  const bad = await ledger.host.call('settings.set', { locale: 'xx-not-a-locale-at-all' });
  expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
});
