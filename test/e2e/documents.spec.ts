import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test.beforeEach(async ({ app }) => {
  const ben = app.shop.clerks[1]!;
  await signIn(app.page, ben.name, ben.pin);
  await app.page.keyboard.press('F2');
  await expect(app.page.getByTestId('doc-scan')).toBeFocused();
});

async function scan(page: import('@playwright/test').Page, code: string) {
  await page.getByTestId('doc-scan').fill(code);
  await page.getByTestId('doc-scan').press('Enter');
}

test('receives a delivery: scan adds lines, a second scan adds one, quantities edit in place, F8 posts', async ({ app }) => {
  const { page, ledger, shop } = app;
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  const other = shop.sellable;
  const otherBefore = await ledger.host.run('stock.get', { sku: other.sku });
  await scan(page, shop.trailBarcode);
  await scan(page, shop.trailBarcode);
  await expect(page.getByTestId(`qty-${shop.trailSku}`)).toHaveValue('2');
  await scan(page, other.sku);
  await page.getByTestId(`qty-${other.sku}`).fill('12');
  await page.getByTestId(`cost-${other.sku}`).fill('2.35');
  await page.getByTestId('doc-note').fill('Delivery note 4471');
  await screenshot(page, 'documents-receive');
  const movementsBefore = (await ledger.host.run('app.status', {})).movements;
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('2 lines');
  await expect(page.getByTestId('doc-lines')).toContainText('No lines yet');
  // The status bar follows the post at once, well before its 5-second poll.
  await expect(page.getByTestId('status-movements')).toContainText(`${(movementsBefore + 2).toLocaleString('en-GB')} movements`, { timeout: 1500 });
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before.onHand + 2);
  expect((await ledger.host.run('stock.get', { sku: other.sku })).onHand).toBe(otherBefore.onHand + 12);
  const trail = await ledger.host.run('stock.trail', { sku: other.sku, limit: 1 });
  expect(trail.rows[0]).toMatchObject({ kind: 'receive', actor: 'Ben Osei', unitCost: 235, note: 'Delivery note 4471' });
});

test('refuses a sale beyond available stock on that line, keeps the form, and posts once corrected', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.getByTestId('doctype-sale').click();
  const level = await ledger.host.run('stock.get', { sku: shop.trailSku });
  const movementsBefore = (await ledger.host.run('app.status', {})).movements;
  await scan(page, shop.sellable.sku);
  await scan(page, shop.trailSku);
  await page.getByTestId(`qty-${shop.trailSku}`).fill(String(level.available + 5));
  await page.getByTestId('doc-note').fill('Walk-in customer');
  await page.getByTestId('doc-post').click();
  await expect(page.getByTestId(`line-error-${shop.trailSku}`)).toHaveText(`Only ${level.available} available, ${level.available + 5} requested.`);
  await expect(page.getByTestId(`line-error-${shop.sellable.sku}`)).toHaveText('');
  await expect(page.getByTestId('doc-error')).toContainText(`Not enough stock of ${shop.trailSku}`);
  // Nothing lost, nothing recorded.
  await expect(page.getByTestId(`qty-${shop.trailSku}`)).toHaveValue(String(level.available + 5));
  await expect(page.getByTestId(`qty-${shop.sellable.sku}`)).toHaveValue('1');
  await expect(page.getByTestId('doc-note')).toHaveValue('Walk-in customer');
  expect((await ledger.host.run('app.status', {})).movements).toBe(movementsBefore);
  await screenshot(page, 'documents-sale-refused');

  await page.getByTestId(`qty-${shop.trailSku}`).fill('2');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('doc-posted')).toContainText('2 lines');
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(level.onHand - 2);
});

test('an adjustment without a note is refused at the note, and posts with one', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.keyboard.press('Alt+7');
  await expect(page.getByTestId('doctype-adjustment')).toHaveClass(/active/);
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  await scan(page, shop.trailSku);
  await page.getByTestId(`qty-${shop.trailSku}`).fill('-3');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('note-error')).toContainText('needs a note saying why');
  await expect(page.getByTestId('doc-note')).toBeFocused();
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before.onHand);
  await page.getByTestId('doc-note').fill('Three found broken on the shelf');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toBeVisible();
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before.onHand - 3);
});

test('a double-clicked post records the document once', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.getByTestId('doctype-sale').click();
  const before = await ledger.host.run('stock.get', { sku: shop.sellable.sku });
  const movementsBefore = (await ledger.host.run('app.status', {})).movements;
  await scan(page, shop.sellable.sku);
  await expect(page.getByTestId(`qty-${shop.sellable.sku}`)).toBeVisible();
  await page.getByTestId('doc-post').dblclick();
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('1 line');
  expect((await ledger.host.run('stock.get', { sku: shop.sellable.sku })).onHand).toBe(before.onHand - 1);
  expect((await ledger.host.run('app.status', {})).movements).toBe(movementsBefore + 1);
});

test('a post whose answer was lost is posted again under the same document id and recorded once', async ({ app }) => {
  const { page, ledger, shop, faults } = app;
  await page.getByTestId('doctype-sale').click();
  const before = await ledger.host.run('stock.get', { sku: shop.sellable.sku });
  const movementsBefore = (await ledger.host.run('app.status', {})).movements;
  await scan(page, shop.sellable.sku);
  await page.getByTestId(`qty-${shop.sellable.sku}`).fill('2');
  // The ledger records the sale, but the answer never reaches the window.
  let lost = 0;
  faults.answer = (name, outcome) => {
    if (name !== 'documents.record' || lost++ > 0) return outcome;
    return { ok: false, error: { code: 'INTERNAL', message: 'The ledger did not answer in time. Post again: it will not be recorded twice.' } };
  };
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-error')).toContainText('did not answer in time');
  await expect(page.getByTestId(`qty-${shop.sellable.sku}`)).toHaveValue('2');
  expect((await ledger.host.run('app.status', {})).movements).toBe(movementsBefore + 1);
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('1 line');
  expect((await ledger.host.run('app.status', {})).movements).toBe(movementsBefore + 1);
  expect((await ledger.host.run('stock.get', { sku: shop.sellable.sku })).onHand).toBe(before.onHand - 2);
});

test('a click and F8 in the same instant post the form once', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.getByTestId('doctype-sale').click();
  const movementsBefore = (await ledger.host.run('app.status', {})).movements;
  await scan(page, shop.sellable.sku);
  await expect(page.getByTestId(`qty-${shop.sellable.sku}`)).toBeVisible();
  // Two posts racing (e.g. a click and F8 in the same instant): both carry the form's one document id.
  await Promise.all([page.getByTestId('doc-post').click(), page.keyboard.press('F8')]);
  await expect(page.getByTestId('doc-posted')).toBeVisible();
  expect((await ledger.host.run('app.status', {})).movements).toBe(movementsBefore + 1);
});

test('an unknown code is refused at the scan box', async ({ app }) => {
  const { page } = app;
  await scan(page, 'NOPE-123');
  await expect(page.getByTestId('scan-error')).toContainText('No item with SKU or barcode “NOPE-123”');
});

test('scans faster than the ledger answers are all kept, in order, and F8 posts them once looked up', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.getByTestId('doctype-sale').click();
  const movementsBefore = (await ledger.host.run('app.status', {})).movements;
  const sellable = await ledger.host.run('stock.get', { sku: shop.sellable.sku });
  // A busy PC: every lookup takes 400 ms to answer, and the scanner does not wait.
  await page.route('**/api/commands/stock.list', async (route) => {
    await new Promise((r) => setTimeout(r, 400));
    await route.fallback();
  });
  for (const code of [shop.sellable.sku, shop.trailBarcode, shop.sellable.sku]) {
    await page.getByTestId('doc-scan').fill(code);
    await page.getByTestId('doc-scan').press('Enter');
  }
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('2 lines');
  expect((await ledger.host.run('app.status', {})).movements).toBe(movementsBefore + 2);
  expect((await ledger.host.run('stock.get', { sku: shop.sellable.sku })).onHand).toBe(sellable.onHand - 2);
});
