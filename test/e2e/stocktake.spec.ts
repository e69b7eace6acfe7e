import { readFileSync } from 'node:fs';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test.beforeEach(async ({ app }) => {
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
  await app.page.keyboard.press('F4');
});

test('counts a category by scanning, reviews the differences and commits them', async ({ app }) => {
  const { page, ledger, shop } = app;
  const trailBefore = await ledger.host.run('stock.get', { sku: shop.trailSku });
  const teas = (await ledger.host.run('stock.list', { category: 'Tea & coffee', sort: 'sku', limit: 1000 })).rows.filter((r) => r.sku !== shop.trailSku && r.onHand > 2);
  const other = teas[0]!;
  const wrong = teas[1]!;

  await expect(page.getByTestId('st-history')).toContainText('No stock take yet');
  await page.getByTestId('st-new').click();
  await page.getByTestId('st-category').selectOption('Tea & coffee');
  await page.getByTestId('st-note').fill('Tea aisle, before the delivery');
  await screenshot(page, 'stocktake-start');
  await page.getByTestId('st-start').click();
  await expect(page.getByTestId('st-title')).toContainText('Category Tea & coffee');
  const sessionId = (await ledger.host.run('stocktake.list', {})).rows[0]!.id;

  // Three scans of the trail item's barcode: the running count and the expected quantity show.
  const scan = page.getByTestId('st-scan');
  for (let i = 0; i < 3; i++) {
    await scan.fill(shop.trailBarcode);
    await scan.press('Enter');
  }
  await expect(page.getByTestId('st-counted')).toHaveText('3');
  await expect(page.getByTestId('st-expected')).toHaveText(String(trailBefore.onHand));
  await expect(page.getByTestId('st-progress')).toContainText(/^1 \/ \d+ items counted$/);

  // A scan of the wrong item, taken back with "Undo last".
  await scan.fill(wrong.sku);
  await scan.press('Enter');
  await expect(page.getByTestId('st-last')).toContainText(wrong.name);
  await page.getByTestId('st-undo-last').click();
  await expect(page.getByTestId('st-last')).toContainText('all its scans are undone');

  // A recount of another item: quantity, "Set count", then the code.
  await page.getByTestId('st-qty').fill(String(other.onHand - 2));
  await page.getByTestId('st-mode-set').click();
  await scan.fill(other.sku);
  await scan.press('Enter');
  await expect(page.getByTestId('st-counted')).toHaveText(String(other.onHand - 2));

  // Something outside the category is refused, with the ledger's sentence.
  const snack = (await ledger.host.run('stock.list', { category: 'Snacks', limit: 1 })).rows[0]!;
  await scan.fill(snack.sku);
  await scan.press('Enter');
  await expect(page.getByTestId('st-scan-error')).toContainText('is not part of this count');

  // Meanwhile the till sells one of the counted trail item.
  await ledger.host.run('documents.record', { type: 'sale', lines: [{ sku: shop.trailSku, qty: 1 }], actor: 'Ben Osei' });
  await scan.fill(shop.trailBarcode);
  await scan.press('Enter');
  await expect(page.getByTestId('st-counted')).toHaveText('4');
  await screenshot(page, 'stocktake-scan');

  // Review: largest difference in value first, totals, the sale shown as after the count.
  await page.getByTestId('st-to-review').click();
  const review = await ledger.host.run('stocktake.review', { sessionId });
  const rows = page.getByTestId('st-counted').locator('tbody tr[data-testid^="st-row-"]');
  await expect(rows).toHaveCount(2);
  await expect(rows.first()).toHaveAttribute('data-testid', `st-row-${review.rows[0]!.sku}`);
  const trailRow = page.getByTestId(`st-row-${shop.trailSku}`);
  await expect(trailRow.locator('[data-col="expected"]')).toHaveText(String(trailBefore.onHand));
  await expect(trailRow).toContainText('1 move, −1');
  await expect(trailRow).toContainText('⚠');
  await expect(page.getByTestId('st-total-short')).toBeVisible();
  await screenshot(page, 'stocktake-review');

  // Commit, with a confirmation saying what will be appended.
  await page.getByTestId('st-commit').click();
  await expect(page.getByTestId('st-commit-summary')).toContainText('2 of 2 counted items differ');
  await screenshot(page, 'stocktake-commit');
  await page.getByTestId('st-commit-confirm').click();
  await expect(page.getByTestId('st-message')).toContainText('Committed: 2 stock-take adjustments');
  await expect(page.getByTestId('st-status')).toHaveText('committed');
  await screenshot(page, 'stocktake-committed');

  // The ledger: one adjustment per difference, by Anna, in each item's trail; the sale counted once.
  const doc = await ledger.host.run('documents.get', { type: 'stocktake', id: sessionId });
  expect(doc.movements.map((m) => [m.sku, m.qty, m.actor]).sort()).toEqual([
    [other.sku, -2, 'Anna Kowalski'],
    [shop.trailSku, 4 - trailBefore.onHand, 'Anna Kowalski'],
  ].sort());
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(4 - 1);
  const last = (await ledger.host.run('stock.trail', { sku: shop.trailSku, limit: 1 })).rows[0]!;
  expect(last).toMatchObject({ kind: 'stocktake_adjustment', actor: 'Anna Kowalski', docId: sessionId });

  // The variance report downloads as CSV, in review order.
  const download = page.waitForEvent('download');
  await page.getByTestId('st-export').click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^stocktake-\d{4}-\d{2}-\d{2}-.+\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8').split('\n');
  // Exports start with a BOM, so spreadsheet programs read them as UTF-8.
  expect(csv[0]).toMatch(/^\uFEFFsku,name,category,brand,status,counted,expected,difference,unit_cost,difference_value,/);
  expect(csv[1]).toMatch(new RegExp(`^${review.rows[0]!.sku},`));

  // The history lists it with its adjustments.
  await page.keyboard.press('F4');
  await expect(page.getByTestId(`st-session-${sessionId}`)).toContainText('committed');
  await expect(page.getByTestId(`st-session-${sessionId}`)).toContainText('2 (');
  await screenshot(page, 'stocktake-history');
});

test('a blind count never shows the expected quantity while scanning or before commit', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.getByTestId('st-new').click();
  await page.getByTestId('st-scope-skus').check();
  await page.getByTestId('st-skus').fill(`${shop.trailSku}\n${shop.sellable.sku}`);
  await page.getByTestId('st-blind').check();
  await page.getByTestId('st-start').click();
  await page.getByTestId('st-scan').fill(shop.trailBarcode);
  await page.getByTestId('st-scan').press('Enter');
  await expect(page.getByTestId('st-counted')).toHaveText('1');
  await expect(page.getByTestId('st-last')).toContainText('Blind count');
  await expect(page.getByTestId('st-expected')).toHaveCount(0);
  await screenshot(page, 'stocktake-blind-scan');
  await page.getByTestId('st-to-review').click();
  await expect(page.getByTestId(`st-row-${shop.trailSku}`).locator('[data-col="expected"]')).toHaveText('hidden');
  await expect(page.getByTestId('st-totals')).toContainText('hidden until the count is committed');
  const sessionId = (await ledger.host.run('stocktake.list', {})).rows[0]!.id;
  expect((await ledger.host.run('stocktake.get', { sessionId })).blind).toBe(true);
});
