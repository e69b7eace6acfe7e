import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

type Api = Record<string, (p: unknown) => Promise<unknown>>;

test('a clerk reversing an old sale needs a manager on the spot: a clerk PIN is refused, a manager PIN approves and is recorded', async ({ app }) => {
  const { page, ledger, shop } = app;
  const ben = shop.clerks[1]!;
  const anna = shop.clerks[0]!;
  await signIn(page, ben.name, ben.pin);
  // Settings through the app's transport: refused for a clerk, whatever the screen shows.
  const settings = await page.evaluate(() => (window as unknown as { stockLedger: Api }).stockLedger['settings.set']!({ allowNegativeStock: true }));
  expect(settings).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
  expect((await ledger.host.run('settings.get', {})).allowNegativeStock).toBe(false);

  await page.getByTestId('stock-search').fill(shop.trailSku);
  await page.getByTestId('stock-search').press('Enter');
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  const oldSale = page.getByTestId('trail-row').filter({ hasText: 'Sale' }).first();
  await oldSale.click();
  await page.getByTestId('trail').press('r');
  await page.getByTestId('reverse-reason').fill('Sold from the wrong shelf');
  await page.getByTestId('reverse-reason').press('Enter');
  await expect(page.getByTestId('approval')).toBeVisible();
  await expect(page.getByTestId('approval-reason')).toContainText('Only a manager can reverse a movement this old');
  await page.getByTestId('approval-manager').fill(ben.name);
  await page.getByTestId('approval-pin').fill(ben.pin);
  await page.getByTestId('approval-submit').click();
  await expect(page.getByTestId('reverse-error')).toContainText(`${ben.name} is a clerk, not a manager`);
  expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before.onHand);

  await page.getByTestId('reverse-reason').press('Enter');
  await page.getByTestId('approval-manager').fill(anna.name);
  await page.getByTestId('approval-pin').fill(anna.pin);
  await screenshot(page, 'approval-dialog');
  await page.getByTestId('approval-submit').click();
  await expect(page.getByTestId('reverse-dialog')).toBeHidden();
  const reversal = (await ledger.host.run('stock.trail', { sku: shop.trailSku, limit: 1 })).rows.at(-1)!;
  expect(reversal).toMatchObject({ kind: 'reversal', actor: ben.name });
  const logged = ledger.host.ledger.db.prepare(`SELECT actor, approved_by AS approvedBy FROM command_log WHERE command = 'movements.reverse' AND via = 'app'`).all();
  expect(logged).toEqual([{ actor: ben.name, approvedBy: anna.name }]);
  // The trail says who approved it.
  expect(reversal).toMatchObject({ approvedBy: anna.name, via: 'app' });
  // The reversal just approved (the seeded trail has older reversals): found by the id the ledger gave it.
  await page.locator(`[data-testid="trail-row"][data-id="${reversal.id}"]`).click();
  await expect(page.getByTestId('movement-approved-by')).toHaveText(`${anna.name} (manager)`);
});
