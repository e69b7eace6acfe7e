import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test.beforeEach(async ({ app }) => {
  const chloe = app.shop.clerks[2]!;
  await signIn(app.page, chloe.name, chloe.pin);
  await app.page.keyboard.press('F3');
});

test('holds an item for a customer, shows it as buffer, and hands it over', async ({ app }) => {
  const { page, ledger, shop } = app;
  const sku = shop.sellable.sku;
  const before = await ledger.host.run('stock.get', { sku });
  // A seeded hold runs out in a few hours: it is flagged.
  await expect(page.getByTestId('hold-H-MARIA')).toContainText(/expires in \d+ h/);
  await page.getByTestId('hold-scan').fill(sku);
  await page.getByTestId('hold-scan').press('Enter');
  await expect(page.getByTestId('hold-item')).toContainText(shop.sellable.name);
  await page.getByTestId('hold-qty').fill('3');
  await page.getByTestId('hold-customer').fill('Rui Pereira');
  await page.getByTestId('hold-customer').press('Enter');
  await expect(page.getByTestId('hold-message')).toContainText('Holding 3');
  const ref = (await page.getByTestId('hold-message').innerText()).match(/reference (H-[0-9A-F]+)/)![1]!;
  const held = await ledger.host.run('stock.get', { sku });
  expect(held).toMatchObject({ onHand: before.onHand, reserved: before.reserved + 3, available: before.available - 3 });
  await screenshot(page, 'reservations');

  // The stock list shows the buffer.
  await page.keyboard.press('F1');
  await page.getByTestId('stock-search').fill(sku);
  await expect(page.getByTestId(`stock-row-${sku}`).locator('[data-col="reserved"]')).toHaveText(String(before.reserved + 3));
  await page.keyboard.press('F3');
  await page.getByTestId(`fulfil-${ref}`).click();
  // Handing over asks first, naming the item and the customer; Enter confirms.
  await expect(page.getByTestId('handover-dialog')).toContainText(`Hand over 3 ×`);
  expect((await ledger.host.run('stock.get', { sku })).onHand).toBe(before.onHand);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('hold-message')).toContainText('handed over 3');
  expect(await ledger.host.run('stock.get', { sku })).toMatchObject({ onHand: before.onHand - 3, reserved: before.reserved });
  const last = (await ledger.host.run('stock.trail', { sku, limit: 1 })).rows[0]!;
  expect(last).toMatchObject({ kind: 'fulfil', actor: 'Chloé Martin' });
});

test('releases a hold back to available', async ({ app }) => {
  const { page, ledger, shop } = app;
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  await page.getByTestId('release-H-MARIA').click();
  await expect(page.getByTestId('hold-message')).toContainText('released 2');
  await expect(page.getByTestId('hold-H-MARIA')).toHaveCount(0);
  expect(await ledger.host.run('stock.get', { sku: shop.trailSku })).toMatchObject({ onHand: before.onHand, reserved: before.reserved - 2 });
});

test('refuses to hold more than is available, with the ledger\'s message', async ({ app }) => {
  const { page, ledger, shop } = app;
  const level = await ledger.host.run('stock.get', { sku: shop.trailSku });
  await page.getByTestId('hold-scan').fill(shop.trailSku);
  await page.getByTestId('hold-scan').press('Enter');
  await page.getByTestId('hold-qty').fill(String(level.available + 1));
  await page.getByTestId('hold-reserve').click();
  await expect(page.getByTestId('hold-error')).toContainText(`only ${level.available} available`);
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).reserved).toBe(level.reserved);
});

test('the hold form stays put: picking an item, adding a hold and the list refreshing move no field', async ({ app }) => {
  const { page, shop } = app;
  const ids = ['hold-form', 'hold-scan', 'hold-qty', 'hold-customer', 'hold-expires', 'hold-reserve', 'hold-item'];
  const boxes = async () => {
    const out: Record<string, unknown> = {};
    for (const id of ids) out[id] = await page.getByTestId(id).boundingBox();
    // The list below keeps its place too (the message has a slot of its own).
    out.list = (await page.getByTestId('holds').boundingBox())!.y;
    return out;
  };
  await expect(page.getByTestId('hold-H-MARIA')).toBeVisible();
  const start = await boxes();
  // A long item name used to widen the picked-item text and wrap "Reserve" onto a second line.
  await page.getByTestId('hold-scan').fill(shop.sellable.sku);
  await page.getByTestId('hold-scan').press('Enter');
  await expect(page.getByTestId('hold-item')).toContainText(shop.sellable.name);
  expect(await boxes()).toEqual(start);
  await page.getByTestId('hold-customer').fill('Rui Pereira');
  await page.getByTestId('hold-customer').press('Enter');
  await expect(page.getByTestId('hold-message')).toContainText('Holding 1');
  await expect(page.getByTestId('holds').locator('tbody tr')).toHaveCount(6);
  expect(await boxes()).toEqual(start);
  await screenshot(page, 'reservations-after-hold');
});
