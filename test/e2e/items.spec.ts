import { applyPullPage } from '../../electron/sync/pull';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { money, newShopManager } from './backoffice';

test.describe('a new shop', () => {
  test.use({ seeded: false });

  test('the empty stock list says what to do first, and the first item is added with the keyboard alone', async ({ app }) => {
    const { page, ledger } = app;
    await newShopManager(app);
    await expect(page.getByTestId('stock-empty')).toContainText('No items yet');
    await expect(page.getByTestId('stock-empty')).toContainText('Items screen (Shift+F1)');
    await expect(page.getByTestId('stock-empty')).not.toContainText('Clear the search');
    await screenshot(page, 'new-shop-stock');
    await page.keyboard.press('Shift+F1');
    await expect(page.getByTestId('items-empty')).toContainText('No items yet');
    await screenshot(page, 'new-shop-items');
    await page.keyboard.press('Alt+n');
    await expect(page.getByTestId('item-sku')).toBeFocused();
    await page.keyboard.type('FR-RB2140-901-50');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Ray-Ban Wayfarer 2140 black 50');
    for (const [field, value] of [['barcode', '8053672000011'], ['category', 'Frames'], ['brand', 'Ray-Ban'], ['unit', ''], ['defaultCost', '62.40'], ['price', '149.00'], ['reorderLevel', '2']] as const) {
      await page.keyboard.press('Tab');
      if (field === 'unit') continue;
      await page.keyboard.type(value);
    }
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('items-message')).toContainText('Added FR-RB2140-901-50');
    expect(await ledger.host.run('items.get', { sku: 'FR-RB2140-901-50' })).toMatchObject({
      name: 'Ray-Ban Wayfarer 2140 black 50', barcode: '8053672000011', category: 'Frames', unit: 'pcs', defaultCost: 6240, price: 14900, reorderLevel: 2, active: true, managedByHq: false,
    });
    const row = page.getByTestId('item-row-FR-RB2140-901-50');
    await expect(row).toContainText(money(14900));
    await expect(row).toContainText(money(6240));
    await screenshot(page, 'items-first-added');
    await page.keyboard.press('F1');
    await expect(page.getByTestId('stock-row-FR-RB2140-901-50')).toContainText('FR-RB2140-901-50');
  });
});

test.beforeEach(async ({ app }, info) => {
  if (info.titlePath.some((t) => t === 'a new shop')) return;
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
  await app.page.keyboard.press('Shift+F1');
  await expect(app.page.getByTestId('items-table')).toBeVisible();
});

test('the form shows the contract’s refusals on their fields and saves nothing', async ({ app }) => {
  const { page, ledger, shop } = app;
  const before = (await ledger.host.run('items.list', { status: 'all', limit: 1 })).total;
  await page.getByTestId('items-new').click();
  await page.getByTestId('item-sku').fill('NEW-0001');
  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('item-error-name')).toHaveText('name is required');
  await page.getByTestId('item-name').fill('Reading glasses +1.5');
  await page.getByTestId('item-barcode').fill(shop.trailBarcode);
  await page.getByTestId('item-price').fill('12.5.0');
  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('item-error-price')).toContainText('amount like 3.50');
  await page.getByTestId('item-price').fill('12,50');
  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('item-error-barcodes')).toContainText(`already belongs to ${shop.trailSku}`);
  await screenshot(page, 'items-refused');
  expect((await ledger.host.run('items.list', { status: 'all', limit: 1 })).total).toBe(before);
  await page.getByTestId('item-barcode').fill('');
  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('items-message')).toContainText('Added NEW-0001');
  expect((await ledger.host.run('items.get', { sku: 'NEW-0001' })).price).toBe(1250);
});

test('edits an item’s price and reorder level; the SKU cannot change and the rest stays', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.getByTestId('items-search').fill(shop.trailSku);
  await page.getByTestId(`item-row-${shop.trailSku}`).click();
  await expect(page.getByTestId('item-sku')).toHaveAttribute('readonly', '');
  await page.getByTestId('item-price').fill('4.75');
  await page.getByTestId('item-reorderLevel').fill('12');
  await page.getByTestId('item-reorderLevel').press('Enter');
  await expect(page.getByTestId('items-message')).toContainText(`Saved ${shop.trailSku}`);
  expect(await ledger.host.run('items.get', { sku: shop.trailSku })).toMatchObject({ price: 475, reorderLevel: 12, barcode: shop.trailBarcode, name: 'Green tea Sencha 100 g' });
  await expect(page.getByTestId(`item-row-${shop.trailSku}`)).toContainText(money(475));
  await screenshot(page, 'items-busy');
});

test('a deactivated item keeps its history, cannot be scanned into a document, and comes back when reactivated', async ({ app }) => {
  const { page, ledger, shop } = app;
  const sku = shop.sellable.sku;
  const trailBefore = (await ledger.host.run('stock.trail', { sku, limit: 1000 })).rows.length;
  await page.getByTestId('items-search').fill(sku);
  await page.getByTestId(`item-row-${sku}`).click();
  await page.getByTestId('item-toggle-active').click();
  await expect(page.getByTestId('items-message')).toContainText('deactivated');
  await expect(page.getByTestId(`item-row-${sku}`)).toHaveCount(0); // the list shows active items
  await page.getByTestId('items-status').selectOption('inactive');
  await expect(page.getByTestId(`item-row-${sku}`)).toContainText('deactivated');
  expect((await ledger.host.run('stock.trail', { sku, limit: 1000 })).rows.length).toBe(trailBefore);

  await page.keyboard.press('F2');
  await page.getByTestId('doc-scan').fill(sku);
  await page.getByTestId('doc-scan').press('Enter');
  await expect(page.getByTestId('scan-error')).toContainText('is deactivated');
  await expect(page.getByTestId('doc-lines')).toContainText('No lines yet');
  const refused = await ledger.host.call('documents.record', { type: 'sale', actor: 'e2e', lines: [{ sku, qty: 1 }] });
  expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

  await page.keyboard.press('Shift+F1');
  await page.getByTestId('items-status').selectOption('all');
  await page.getByTestId('items-search').fill(sku);
  await page.getByTestId(`item-row-${sku}`).click();
  await page.getByTestId('item-toggle-active').click();
  await expect(page.getByTestId('items-message')).toContainText('active again');
  expect((await ledger.host.run('items.get', { sku })).active).toBe(true);
});

test('a catalogue CSV is previewed with line-numbered errors, imports nothing while a line is wrong, then imports all', async ({ app }) => {
  const { page, ledger, shop } = app;
  const before = (await ledger.host.run('items.list', { status: 'all', limit: 1 })).total;
  const bad = [
    'sku,name,brand,barcode,price,reorder_level',
    'OPT-CASE-01,"Hard case, black",Optica,,9.90,5',
    'OPT-CLOTH-02,Microfibre cloth,Optica,,abc,',
    `OPT-SPRAY-03,Lens spray 30 ml,Optica,${shop.trailBarcode},6.50,`,
    'OPT-CASE-01,Hard case again,Optica,,9.90,',
    `${shop.trailSku},Green tea Sencha 100 g (new pack),Clipper,,3.95,`,
  ].join('\n');
  await page.keyboard.press('Alt+i');
  await page.getByTestId('items-import-text').fill(bad);
  await expect(page.getByTestId('items-import-summary')).toContainText('3 lines are wrong');
  const errors = page.getByTestId('items-import-errors');
  await expect(errors).toContainText('Line 3: “abc” is not an amount like 3.50');
  await expect(errors).toContainText(`Line 4: barcode ${shop.trailBarcode} already belongs to ${shop.trailSku}`);
  await expect(errors).toContainText('Line 5: SKU OPT-CASE-01 is also on line 2');
  await expect(page.getByTestId('items-import-run')).toBeDisabled();
  await screenshot(page, 'items-import-errors');
  const refused = await ledger.host.call('items.import', { csv: bad, actor: 'e2e' });
  expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
  expect((await ledger.host.run('items.list', { status: 'all', limit: 1 })).total).toBe(before);

  const good = bad.split('\n').filter((_, i) => i !== 4).map((l, i) => (i === 2 ? l.replace('abc', '2.40') : i === 3 ? l.replace(shop.trailBarcode, '4006381333931') : l)).join('\n');
  await page.getByTestId('items-import-text').fill(good);
  await expect(page.getByTestId('items-import-summary')).toHaveText('Ready: 3 new, 1 updated.');
  await expect(page.getByTestId('items-import-preview')).toContainText('Hard case, black');
  await screenshot(page, 'items-import-preview');
  await page.getByTestId('items-import-run').click();
  await expect(page.getByTestId('items-message')).toContainText('Imported 4 items: 3 new, 1 updated');
  expect((await ledger.host.run('items.list', { status: 'all', limit: 1 })).total).toBe(before + 3);
  expect(await ledger.host.run('items.get', { sku: 'OPT-CASE-01' })).toMatchObject({ name: 'Hard case, black', price: 990, reorderLevel: 5, brand: 'Optica' });
  // An empty cell leaves a field as it was: the trail item keeps its barcode and category.
  expect(await ledger.host.run('items.get', { sku: shop.trailSku })).toMatchObject({ name: 'Green tea Sencha 100 g (new pack)', barcode: shop.trailBarcode, category: 'Tea & coffee', price: 395 });
});

test('a CSV file is chosen from disk, and an unknown column is refused at line 1', async ({ app }) => {
  const { page } = app;
  await page.getByTestId('items-import').click();
  await page.getByTestId('items-import-file').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from('sku,name,colour\nX-1,Thing,red\n') });
  await expect(page.getByTestId('items-import-errors')).toContainText('Line 1: unknown column “colour”');
  await page.getByTestId('items-import-file').setInputFiles({ name: 'catalogue.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeffsku,name\r\nX-1,"Thing with a ""quote"""\r\n') });
  await expect(page.getByTestId('items-import-summary')).toHaveText('Ready: 1 new, 0 updated.');
  await expect(page.getByTestId('items-import-preview')).toContainText('Thing with a "quote"');
});

test('items HQ manages are shown as such', async ({ app }) => {
  const { page, ledger, shop } = app;
  // What a sync pull records when HQ's catalogue has the item.
  applyPullPage(ledger.host.ledger, {
    epoch: 'e', cursor: 1, hasMore: false, movements: [], transfers: [], transferReceipts: [], serverTime: new Date().toISOString(),
    items: [{ sku: shop.trailSku, name: 'Green tea Sencha 100 g', category: 'Tea & coffee', brand: 'Clipper', barcode: shop.trailBarcode, unit: 'pcs', updatedAt: new Date().toISOString() }],
  }, Date.now());
  await page.getByTestId('items-search').fill(shop.trailSku);
  await expect(page.getByTestId(`item-row-${shop.trailSku}`)).toContainText('HQ');
  await page.getByTestId(`item-row-${shop.trailSku}`).click();
  await expect(page.getByTestId('item-hq-note')).toContainText('HQ manages this item');
  expect((await ledger.host.run('items.get', { sku: shop.trailSku })).managedByHq).toBe(true);
});

test('an item carries several barcodes: added and removed in the form, a taken one refused beside the field, and a scan of the new one finds it', async ({ app }) => {
  const { page, ledger, shop } = app;
  const other = (await ledger.host.run('items.list', { limit: 1000 })).rows.find((i) => i.barcode && i.sku !== shop.trailSku)!;
  const newPack = '8711000530085';
  const supplier = '4006381333931';
  await page.getByTestId('items-search').fill(shop.trailSku);
  await page.getByTestId(`item-row-${shop.trailSku}`).click();
  await expect(page.getByTestId(`item-barcode-code-${shop.trailBarcode}`)).toContainText('primary');
  const box = page.getByTestId('item-barcode');
  // A scanner ends the code with Enter: it adds the code to the list and saves nothing yet.
  for (const code of [newPack, supplier, other.barcode!]) {
    await box.fill(code);
    await box.press('Enter');
    await expect(page.getByTestId(`item-barcode-code-${code}`)).toBeVisible();
  }
  await expect(box).toHaveValue('');
  expect((await ledger.host.run('items.get', { sku: shop.trailSku })).barcodes).toEqual([shop.trailBarcode]);
  // The same code twice is caught in the form.
  await box.fill(newPack);
  await box.press('Enter');
  await expect(page.getByTestId('item-error-barcodes')).toHaveText(`${newPack} is already in the list.`);
  await box.fill('');
  // One another item has is refused by the ledger, beside the field, naming that item; nothing is saved.
  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('item-error-barcodes')).toContainText(`Barcode ${other.barcode} already belongs to ${other.sku}`);
  await expect(page.getByTestId(`item-barcode-code-${other.barcode}`)).toHaveClass(/invalid/);
  await screenshot(page, 'items-barcodes-refused');
  expect((await ledger.host.run('items.get', { sku: shop.trailSku })).barcodes).toEqual([shop.trailBarcode]);
  await page.getByTestId(`item-barcode-remove-${other.barcode}`).click();
  await expect(page.getByTestId('item-error-barcodes')).toHaveCount(0);
  await page.getByTestId('item-save').click();
  await expect(page.getByTestId('items-message')).toContainText(`Saved ${shop.trailSku}`);
  expect(await ledger.host.run('items.get', { sku: shop.trailSku })).toMatchObject({ barcode: shop.trailBarcode, barcodes: [shop.trailBarcode, newPack, supplier] });
  await expect(page.getByTestId(`item-barcodes-${shop.trailSku}`)).toContainText('+2');
  await expect(page.getByTestId(`item-barcode-code-${supplier}`)).toBeVisible();
  await screenshot(page, 'items-barcodes');

  // The item screen's header lists them; the new packaging's code, scanned into a document, is this item.
  await page.keyboard.press('F1');
  await page.getByTestId('stock-search').pressSequentially(newPack, { delay: 5 });
  await page.getByTestId('stock-search').press('Enter');
  await expect(page.getByTestId('item-head-barcodes')).toHaveText(`${shop.trailBarcode}, ${newPack}, ${supplier}`);
  await screenshot(page, 'item-header-barcodes');
  await page.keyboard.press('F2');
  await expect(page.getByTestId('doc-scan')).toBeFocused();
  await page.getByTestId('doc-scan').fill(newPack);
  await page.getByTestId('doc-scan').press('Enter');
  await expect(page.getByTestId(`qty-${shop.trailSku}`)).toHaveValue('1');
  await page.getByTestId('doc-scan').fill(supplier);
  await page.getByTestId('doc-scan').press('Enter');
  await expect(page.getByTestId(`qty-${shop.trailSku}`)).toHaveValue('2');
  await expect(page.getByTestId('scan-error')).toHaveCount(0);
});
