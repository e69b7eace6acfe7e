import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { money } from './backoffice';

test.beforeEach(async ({ app }) => {
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
});

test('the valuation screen shows FIFO value per item and in total, and exports it', async ({ app }) => {
  const { page, ledger, shop } = app;
  const report = await ledger.host.run('valuation.report', {});
  expect(report.totals.value).toBeGreaterThan(0);
  await page.getByTestId('nav-valuation').click();
  await expect(page.getByTestId('valuation-total-value')).toHaveText(money(report.totals.value));
  const trail = report.rows.find((r) => r.sku === shop.trailSku)!;
  await page.getByTestId('valuation-search').fill(shop.trailSku);
  const row = page.getByTestId(`valuation-row-${shop.trailSku}`);
  await expect(row.locator('[data-col="value"]')).toHaveText(money(trail.value));
  await expect(row.locator('[data-col="qty"]')).toHaveText(String(trail.qty));
  await page.getByTestId('valuation-search').fill('');
  await expect(page.getByTestId('valuation-total-items')).toHaveText(report.totals.items.toLocaleString('en-GB'));
  const cogs = await ledger.host.run('costs.cogs', { from: '2000-01-01', to: new Date().toISOString().slice(0, 10) });
  await page.getByTestId('cogs-from').fill('2000-01-01');
  await expect(page.getByTestId('cogs-total')).toHaveText(money(cogs.totals.cost));
  await screenshot(page, 'valuation');

  const download = page.waitForEvent('download');
  await page.getByTestId('valuation-export').click();
  expect((await download).suggestedFilename()).toMatch(/^valuation-\d{4}-\d{2}-\d{2}\.csv$/);
});

test('the stock list shows each item’s stock value and the item detail its layers and outflow costs', async ({ app }) => {
  const { page, ledger, shop } = app;
  const costs = await ledger.host.run('costs.item', { sku: shop.trailSku, limit: 8 });
  await page.getByTestId('stock-search').fill('Green tea Sencha');
  const row = page.getByTestId(`stock-row-${shop.trailSku}`);
  await expect(row.locator('[data-col="value"]')).toHaveText(money(costs.value));
  await row.dblclick();
  await expect(page.getByTestId('item-stock-value')).toHaveText(money(costs.value));
  await expect(page.getByTestId('item-layers').locator('tbody tr')).toHaveCount(Math.max(1, costs.layers.length));
  const latest = costs.outflows[0]!;
  await expect(page.getByTestId(`outflow-cost-${latest.movementId}`)).toContainText(latest.state === 'pending' ? 'pending' : money(latest.cost));
  await page.getByTestId('item-costs').scrollIntoViewIfNeeded();
  await screenshot(page, 'item-costs');
});

test('an item sold below zero shows its pending units until a receipt prices them', async ({ app }) => {
  const { page, ledger, shop } = app;
  const sku = shop.negativeSkus[0]!;
  await page.getByTestId('stock-search').fill(sku);
  await page.getByTestId(`stock-row-${sku}`).dblclick();
  await expect(page.getByTestId('item-costs-pending')).toContainText('without a cost yet');
  await ledger.host.run('documents.record', { type: 'receive', actor: 'e2e', lines: [{ sku, qty: 10, unitCost: 250 }] });
  await page.keyboard.press('Escape');
  await page.getByTestId(`stock-row-${sku}`).dblclick();
  await expect(page.getByTestId('item-costs-pending')).toHaveCount(0);
  const costs = await ledger.host.run('costs.item', { sku });
  expect(costs.pendingQty).toBe(0);
  await expect(page.getByTestId('item-stock-value')).toHaveText(money(costs.value));
});
