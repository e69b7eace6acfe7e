import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { money, newShopManager } from './backoffice';

test.describe('a new shop', () => {
  test.use({ seeded: false });
  test('the journal of a shop with nothing recorded says what will appear there', async ({ app }) => {
    await newShopManager(app);
    await app.page.keyboard.press('Shift+F2');
    await expect(app.page.getByTestId('journal-empty')).toContainText('Nothing recorded today yet');
    await expect(app.page.getByTestId('journal-count')).toHaveText('0 documents today');
    await screenshot(app.page, 'new-shop-journal');
  });
});

test.beforeEach(async ({ app }, info) => {
  if (info.titlePath.includes('a new shop')) return;
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
});

async function scan(page: import('@playwright/test').Page, code: string) {
  await page.getByTestId('doc-scan').fill(code);
  await page.getByTestId('doc-scan').press('Enter');
}

test('a receipt carries its supplier and delivery note, and appears in today’s journal with its value', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.keyboard.press('F2');
  await page.getByTestId('doc-supplier').fill('Luxottica Portugal');
  await page.getByTestId('doc-supplier-ref').fill('GR-2026/4471');
  await scan(page, shop.trailSku);
  await page.getByTestId(`qty-${shop.trailSku}`).fill('10');
  await page.getByTestId(`cost-${shop.trailSku}`).fill('3.15');
  await scan(page, shop.sellable.sku);
  await page.getByTestId(`qty-${shop.sellable.sku}`).fill('4');
  await page.getByTestId(`cost-${shop.sellable.sku}`).fill('1,000.25');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('2 lines');
  await expect(page.getByTestId('doc-posted')).toContainText('Green tea Sencha 100 g +10');
  await expect(page.getByTestId('doc-posted-value')).toHaveText(money(10 * 315 + 4 * 100025));
  await screenshot(page, 'documents-posted');
  const docs = await ledger.host.run('documents.list', { type: 'receive', limit: 1 });
  const id = docs.rows[0]!.id;
  expect(docs.rows[0]).toMatchObject({ supplier: 'Luxottica Portugal', supplierRef: 'GR-2026/4471', lines: 2, qty: 14, value: 3150 + 400100, reversed: 'no', actor: 'Anna Kowalski' });

  await page.getByTestId('doc-posted-journal').click();
  await expect(page.getByTestId("doc-view-title")).toHaveAttribute("title", id);
  await expect(page.getByTestId("doc-view-title")).toContainText("Purchase receipt");
  await expect(page.getByTestId('doc-view-supplier')).toContainText('GR-2026/4471');
  await expect(page.getByTestId(`doc-view-line-${shop.trailSku}`)).toContainText(money(3150));
  await expect(page.getByTestId('doc-view-total')).toHaveText(money(403250));
  const row = page.getByTestId(`journal-row-${id}`);
  await expect(row).toContainText('Luxottica Portugal');
  await expect(row).toContainText(money(403250));
  await expect(page.getByTestId('journal-count')).toContainText('today');
  await screenshot(page, 'journal-today');
});

test('a document is found by its number on any date, and a sale shows its cost of goods', async ({ app }) => {
  const { page, ledger } = app;
  await page.keyboard.press('Shift+F2');
  await page.getByTestId('journal-search').fill('SALE-27-X');
  await expect(page.getByTestId('journal-count')).toHaveText('1 document (all dates)');
  const row = page.getByTestId('journal-row-SALE-27-X');
  await expect(row).toContainText('reversed');
  await row.click();
  const doc = await ledger.host.run('documents.get', { type: 'sale', id: 'SALE-27-X' });
  expect(doc.lines[0]!.value).toBeGreaterThan(0);
  await expect(page.getByTestId('doc-view-total')).toHaveText(money(doc.lines[0]!.value!));
  await expect(page.getByTestId('doc-view-lines')).toContainText('(reversed)');
  await expect(page.getByTestId('doc-view-reverse')).toHaveCount(0);
  await screenshot(page, 'journal-search');
});

test('the journal searches by SKU and filters by type over a range of days', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.keyboard.press('Shift+F2');
  await page.getByTestId('journal-from').fill('2000-01-01');
  await page.getByTestId('journal-type').selectOption('write_off');
  await expect(page.getByTestId('journal-row-WO-20')).toContainText('Write-off');
  const writeOffs = await ledger.host.run('documents.list', { type: 'write_off' });
  await expect(page.getByTestId('journal-count')).toHaveText(`${writeOffs.total} document${writeOffs.total === 1 ? '' : 's'}`);
  await page.getByTestId('journal-type').selectOption('');
  await page.getByTestId('journal-search').fill(shop.trailSku);
  const bySku = await ledger.host.run('documents.list', { search: shop.trailSku, limit: 1 });
  await expect(page.getByTestId('journal-count')).toHaveText(`${bySku.total} documents (all dates)`);
  await page.getByTestId('journal-search').press('Escape');
  await expect(page.getByTestId('journal-search')).toHaveValue('');
});

test('a whole sale is reversed in one step: each line gets its own linked reversal and stock comes back', async ({ app }) => {
  const { page, ledger, shop } = app;
  const skus = [shop.trailSku, shop.sellable.sku];
  const before = await Promise.all(skus.map((sku) => ledger.host.run('stock.get', { sku })));
  const sale = await ledger.host.run('documents.record', { type: 'sale', id: 'SALE-TODAY-1', actor: 'Ben Osei', lines: [{ sku: skus[0]!, qty: 2 }, { sku: skus[1]!, qty: 3 }] });
  await page.keyboard.press('Shift+F2');
  await page.getByTestId('journal-row-SALE-TODAY-1').click();
  await page.getByTestId('doc-view-reverse').click();
  await expect(page.getByTestId('reverse-doc-dialog')).toContainText('Green tea Sencha 100 g');
  await expect(page.getByTestId('reverse-doc-dialog')).toContainText(shop.sellable.name);
  await page.getByTestId('reverse-doc-confirm').click();
  await expect(page.getByTestId('reverse-doc-error')).toContainText('reason');
  await page.getByTestId('reverse-doc-reason').fill('Rang up on the wrong till');
  await screenshot(page, 'journal-reverse');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('doc-view-message')).toContainText('Reversed 2 lines');
  await expect(page.getByTestId('journal-row-SALE-TODAY-1')).toContainText('reversed');
  await expect(page.getByTestId('doc-view-reverse')).toHaveCount(0);
  for (const [i, sku] of skus.entries()) expect((await ledger.host.run('stock.get', { sku })).onHand).toBe(before[i]!.onHand);
  const reversal = await ledger.host.run('documents.get', { type: 'reversal', id: 'reversal-of-sale-SALE-TODAY-1' });
  expect(reversal.movements.map((m) => m.reverses)).toEqual(sale.movements.map((m) => m.id));
  expect(reversal.movements.every((m) => m.note === 'Rang up on the wrong till' && m.actor === 'Anna Kowalski')).toBe(true);
  // Once is enough: the same document cannot be reversed twice.
  const again = await ledger.host.call('documents.reverse', { type: 'sale', id: 'SALE-TODAY-1', reason: 'again', actor: 'Ben Osei' });
  expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_REVERSED' } });
  await expect(page.getByTestId('journal-row-reversal-of-sale-SALE-TODAY-1')).toContainText('Reversal');
});

test('a document with one line already reversed reverses only the rest', async ({ app }) => {
  const { page, ledger, shop } = app;
  const sale = await ledger.host.run('documents.record', { type: 'sale', id: 'SALE-TODAY-2', actor: 'Ben Osei', lines: [{ sku: shop.trailSku, qty: 1 }, { sku: shop.sellable.sku, qty: 1 }] });
  await ledger.host.run('movements.reverse', { movementId: sale.movements[0]!.id, reason: 'wrong item', actor: 'Ben Osei' });
  await page.keyboard.press('Shift+F2');
  await expect(page.getByTestId('journal-row-SALE-TODAY-2')).toContainText('partly');
  await page.getByTestId('journal-row-SALE-TODAY-2').click();
  await expect(page.getByTestId('doc-view-reverse')).toHaveText('Reverse 1 remaining line');
  await page.getByTestId('doc-view-reverse').click();
  await page.getByTestId('reverse-doc-reason').fill('Customer changed their mind');
  await page.getByTestId('reverse-doc-confirm').click();
  await expect(page.getByTestId('doc-view-message')).toContainText('Reversed 1 line');
  const rows = (await ledger.host.run('stock.trail', { sku: shop.sellable.sku, limit: 1 })).rows;
  expect(rows[0]).toMatchObject({ kind: 'reversal', reverses: sale.movements[1]!.id });
});

test('a write-off asks for a reason and the ledger refuses one without', async ({ app }) => {
  const { page, ledger, shop } = app;
  await page.keyboard.press('F2');
  await page.keyboard.press('Alt+6');
  await expect(page.getByTestId('doctype-write_off')).toHaveClass(/active/);
  await expect(page.getByText('Reason (required: say why)')).toBeVisible();
  await scan(page, shop.trailSku);
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  await page.keyboard.press('F8');
  await expect(page.getByTestId('note-error')).toContainText('needs a note saying why');
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before.onHand);
  const refused = await ledger.host.call('documents.record', { type: 'write_off', actor: 'x', lines: [{ sku: shop.trailSku, qty: 1 }] });
  expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'note' } } });
  const noSupplier = await ledger.host.call('documents.record', { type: 'sale', actor: 'x', supplier: 'Acme', lines: [{ sku: shop.trailSku, qty: 1 }] });
  expect(noSupplier).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { field: 'supplier' } } });
  await page.getByTestId('doc-note').fill('Dropped, glass broken');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toBeVisible();
});
