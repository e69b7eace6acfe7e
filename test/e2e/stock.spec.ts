import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test.beforeEach(async ({ app }) => {
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
});

test('shows every item with on-hand, reserved (buffer) and available side by side', async ({ app }) => {
  const { page, ledger, shop } = app;
  await expect(page.getByTestId('stock-count')).toHaveText(`${shop.items} items`);
  await page.getByTestId('stock-search').fill('Green tea Sencha');
  const row = page.getByTestId(`stock-row-${shop.trailSku}`);
  const level = await ledger.host.run('stock.get', { sku: shop.trailSku });
  expect(level.reserved).toBeGreaterThan(0);
  await expect(row.locator('[data-col="onHand"]')).toHaveText(String(level.onHand));
  await expect(row.locator('[data-col="reserved"]')).toHaveText(String(level.reserved));
  await expect(row.locator('[data-col="available"]')).toHaveText(String(level.available));
  await page.getByTestId('stock-search').fill('');
  await expect(page.getByTestId('stock-count')).toHaveText(`${shop.items} items`);
  await screenshot(page, 'stock-list');
});

test('filters by category, brand, available range and negative stock, and sorts', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.getByTestId('filter-category').selectOption('Tea & coffee');
  const tea = await ledger.host.run('stock.list', { category: 'Tea & coffee' });
  await expect(page.getByTestId('stock-count')).toHaveText(`${tea.total} items`);
  await page.getByTestId('filter-brand').selectOption('Clipper');
  const clipper = await ledger.host.run('stock.list', { category: 'Tea & coffee', brand: 'Clipper' });
  await expect(page.getByTestId('stock-count')).toHaveText(`${clipper.total} items`);
  await page.getByTestId('filter-category').selectOption('');
  await page.getByTestId('filter-brand').selectOption('');

  await page.getByTestId('filter-min').fill('10');
  await page.getByTestId('filter-max').fill('20');
  const range = await ledger.host.run('stock.list', { minAvailable: 10, maxAvailable: 20 });
  await expect(page.getByTestId('stock-count')).toHaveText(`${range.total} items`);
  await page.getByTestId('filter-min').fill('');
  await page.getByTestId('filter-max').fill('');

  await page.getByTestId('filter-negative').check();
  await expect(page.getByTestId('stock-count')).toHaveText(`${shop.negativeSkus.length} items`);
  for (const sku of shop.negativeSkus) await expect(page.getByTestId(`stock-row-${sku}`).locator('[data-col="available"]')).toHaveText('−2');
  await screenshot(page, 'stock-negative-only');
  await page.getByTestId('filter-negative').uncheck();

  await page.getByTestId('sort-available').click();
  await page.getByTestId('sort-available').click();
  const top = (await ledger.host.run('stock.list', { sort: '-available', limit: 1 })).rows[0]!;
  await expect(page.locator('[data-index="0"]').locator('[data-col="available"]')).toHaveText(String(top.available));
});

test('a barcode scanned into the search box opens that item', async ({ app }) => {
  const { page, shop } = app;
  await page.getByTestId('stock-search').pressSequentially(shop.trailBarcode, { delay: 5 });
  await page.getByTestId('stock-search').press('Enter');
  await expect(page.getByTestId('item-name')).toHaveText('Green tea Sencha 100 g');
});

test('is driven from the keyboard: arrows move, Enter opens the trail, Esc comes back', async ({ app }) => {
  const { page } = app;
  // Keys pressed while the list is still loading move nothing: wait for its rows first.
  await expect(page.locator('[data-index="2"][data-testid^="stock-row-"]')).toBeVisible();
  await page.getByTestId('stock-search').press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(page.locator('[data-index="2"]')).toHaveAttribute('aria-selected', 'true');
  const third = await page.locator('[data-index="2"]').getAttribute('data-testid');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('item-name')).toBeVisible();
  await expect(page.locator('.item-title .meta')).toContainText(third!.replace('stock-row-', ''));
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('stock-search')).toBeVisible();
});

test('an unknown code says so and keeps the list', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('stock-search').fill('0000000000000');
  await page.getByTestId('stock-search').press('Enter');
  await expect(page.getByTestId('scan-message')).toHaveText('Nothing matches “0000000000000”.');
});

test('a search typed deep in the list shows its first match, not the end of the results', async ({ app }) => {
  const { page, ledger } = app;
  const total = (await ledger.host.run('stock.list', { limit: 1 })).total;
  const last = (await ledger.host.run('stock.list', { sort: 'name', limit: 1, offset: total - 1 })).rows[0]!;
  const found = await ledger.host.run('stock.list', { search: 'TEA-', sort: 'name', limit: 1 });
  // More matches than the screen holds, so the first one is out of sight unless the list goes back up.
  expect(found.total).toBeGreaterThan(35);
  await page.getByTestId('stock-search').press('ArrowDown');
  await page.keyboard.press('End');
  await expect(page.getByTestId(`stock-row-${last.sku}`)).toBeVisible();
  await page.getByTestId('stock-search').fill('TEA-');
  await expect(page.getByTestId('stock-count')).toHaveText(`${found.total} items`);
  await expect(page.locator('[data-index="0"]')).toHaveAttribute('data-testid', `stock-row-${found.rows[0]!.sku}`);
  await expect(page.locator('[data-index="0"]')).toBeInViewport();
});
