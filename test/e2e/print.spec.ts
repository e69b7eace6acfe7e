import { expect, signIn, test } from './fixtures';
import { countPrints, desktopPrintBridge, desktopPrintRequests, money, printedPdf, printsSoFar, spaces } from './backoffice';
import { screenshot } from './harness';

test.beforeEach(async ({ app }) => {
  await countPrints(app.page);
  await app.page.reload();
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
});

test('a receipt prints as a delivery record: supplier, delivery note, lines with values, total, signatures, no app chrome', async ({ app }) => {
  const { page, ledger, shop } = app;
  await ledger.host.run('documents.record', {
    type: 'receive', id: 'GR-4471', actor: 'Ben Osei', supplier: 'Luxottica Portugal', supplierRef: 'DN 2026/4471', note: 'Two boxes, one dented',
    lines: [{ sku: shop.trailSku, qty: 12, unitCost: 315 }, { sku: shop.sellable.sku, qty: 3, unitCost: 100025 }],
  });
  await page.keyboard.press('Shift+F2');
  await page.getByTestId('journal-row-GR-4471').click();
  await page.getByTestId('doc-view-print').click();
  await expect(page.getByTestId('print-document')).toBeAttached();
  await expect.poll(() => printsSoFar(page)).toBe(1); // the print runs after the printout is drawn
  const { text, pages } = await printedPdf(page, 'receipt-GR-4471');
  const t = spaces(text);
  expect(pages).toBe(1);
  for (const want of ['Purchase receipt GR-4471', 'Lisbon · Rua Augusta', 'Luxottica Portugal', 'DN 2026/4471', 'Two boxes, one dented', 'Green tea Sencha 100 g', shop.sellable.name,
    spaces(money(315)), spaces(money(12 * 315)), spaces(money(300075)), spaces(money(12 * 315 + 300075)), 'Delivered by (driver)', 'Received and checked by', 'Ben Osei']) {
    expect(t).toContain(want);
  }
  // Paper shows the printout only: no navigation bar, no status bar.
  expect(t).not.toContain('Ledger health');
  expect(t).not.toContain('movements in this ledger');
});

test('a posted sale prints from the confirmation line, and a reversed document prints stamped as reversed', async ({ app }) => {
  const { page, shop } = app;
  await page.keyboard.press('F2');
  await page.keyboard.press('Alt+2');
  await page.getByTestId('doc-scan').fill(shop.trailSku);
  await page.getByTestId('doc-scan').press('Enter');
  await page.keyboard.press('F8');
  await page.getByTestId('doc-posted-print').click();
  await expect.poll(() => printsSoFar(page)).toBe(1);
  const sale = spaces((await printedPdf(page, 'sale-posted')).text);
  expect(sale).toContain('Sale');
  expect(sale).toContain('Green tea Sencha 100 g');
  expect(sale).toMatch(/−1/);

  await page.keyboard.press('Shift+F2');
  await page.getByTestId('journal-search').fill('SALE-27-X');
  await page.getByTestId('journal-row-SALE-27-X').click();
  await page.getByTestId('doc-view-print').click();
  await expect.poll(() => printsSoFar(page)).toBe(2);
  expect(spaces((await printedPdf(page, 'sale-reversed')).text)).toContain('REVERSED');
});

test('in the desktop app a posted sale saves as a PDF from the confirmation line, through the print bridge', async ({ app }) => {
  const { page, shop } = app;
  await desktopPrintBridge(page);
  await page.reload();
  const anna = app.shop.clerks[0]!;
  await signIn(page, anna.name, anna.pin);
  await page.keyboard.press('F2');
  await page.keyboard.press('Alt+2');
  await page.getByTestId('doc-scan').fill(shop.trailSku);
  await page.getByTestId('doc-scan').press('Enter');
  await page.keyboard.press('F8');
  await expect(page.getByText('Recorded sale')).toBeVisible();
  await page.getByTestId('doc-posted-pdf').click();
  await expect(page.getByText(/^Saved \/home\/clerk\/Documents\/Sale .+\.pdf$/)).toBeVisible();
  const requests = await desktopPrintRequests(page);
  expect(requests).toEqual([{ mode: 'pdf', title: expect.stringMatching(/^Sale \S+$/) }]);
  expect(await printsSoFar(page)).toBe(0); // the bridge printed it, not the browser's dialog
  await screenshot(page, 'documents-sale-saved-as-pdf');
  // What main's printToPDF renders is this page with the print styles: the sale's printout.
  const sale = spaces((await printedPdf(page, 'sale-saved-as-pdf')).text);
  expect(sale).toContain('Sale');
  expect(sale).toContain('Green tea Sencha 100 g');
});

test('a transfer note names both branches, every line and two signature lines', async ({ app }) => {
  const { page, ledger, shop } = app;
  const t = await ledger.host.run('transfers.send', { toBranch: 'PORTO-02', actor: 'Anna Kowalski', note: 'For the Porto opening', lines: [{ sku: shop.trailSku, qty: 5 }, { sku: shop.sellable.sku, qty: 2 }] });
  await page.keyboard.press('F6');
  await page.getByTestId('transfers-tab-all').click();
  await page.getByTestId(`transfer-print-${t.id}`).click();
  await expect.poll(() => printsSoFar(page)).toBe(1);
  const text = spaces((await printedPdf(page, 'transfer-note')).text);
  for (const want of [`Transfer note`, `No. ${t.id}`, 'From branch LIS-01', 'To branch PORTO-02', 'For the Porto opening', 'Green tea Sencha 100 g', shop.sellable.name, 'Sent by (LIS-01)', 'Received by (PORTO-02)']) {
    expect(text).toContain(want);
  }
});

test('a blind count sheet lists the items with empty boxes and no expected quantities; the variance report follows the commit', async ({ app }) => {
  const { page, ledger, shop } = app;
  const skus = [shop.trailSku, shop.sellable.sku];
  const session = await ledger.host.run('stocktake.start', { scope: { kind: 'skus', skus }, blind: true, actor: 'Anna Kowalski' });
  await ledger.host.run('stocktake.count', { sessionId: session.id, sku: shop.trailSku, qty: 7, mode: 'set', actor: 'Ben Osei' });
  await page.keyboard.press('F4');
  await page.getByTestId(`st-session-${session.id}`).click();
  await page.getByTestId('st-to-review').click();
  await expect(page.getByTestId('st-print-variance')).toHaveCount(0); // blind: no variance before the commit
  await page.getByTestId('st-print-sheet').click();
  await expect.poll(() => printsSoFar(page)).toBe(1);
  const sheet = spaces((await printedPdf(page, 'count-sheet')).text);
  expect(sheet).toContain('Count sheet');
  expect(sheet).toContain('Green tea Sencha 100 g');
  expect(sheet).toContain(shop.sellable.name);
  expect(sheet).toContain('Counted by');
  const onHand = (await ledger.host.run('stock.get', { sku: shop.sellable.sku })).onHand;
  expect(sheet).not.toContain('Expected');
  expect(sheet).not.toMatch(new RegExp(`\\b${onHand}\\b`));

  const review = await ledger.host.run('stocktake.review', { sessionId: session.id });
  expect(review.hidden).toBe(true);
  await ledger.host.run('stocktake.commit', { sessionId: session.id, uncounted: 'leave', actor: 'Anna Kowalski' });
  const after = await ledger.host.run('stocktake.review', { sessionId: session.id });
  await page.keyboard.press('F4');
  await page.getByTestId(`st-session-${session.id}`).click();
  await page.getByTestId('st-print-variance').click();
  await expect.poll(() => printsSoFar(page)).toBe(2);
  const report = spaces((await printedPdf(page, 'variance-report')).text);
  const row = after.rows.find((r) => r.sku === shop.trailSku)!;
  expect(report).toContain('Stock-take variance report');
  expect(report).toContain(`${row.expected}`);
  expect(report).toContain(spaces(money(after.totals.netValue ?? 0)));
  expect(report).toContain('Store manager');
});
