/**
 * The served app itself (`stock-ledger app`): the launch key leaves the address bar for a cookie the
 * page's scripts cannot read, a browser without the key is turned away, and a sale a till posts over
 * the local API while the window is open is in the ledger the window shows.
 */
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test('trades the launch key for an HttpOnly cookie, keeps working after a reload, and turns away a browser without it', async ({ app, browser }) => {
  const { page, url } = app;
  expect(url).toMatch(/\?token=/);
  // The address bar no longer shows the key, and scripts in the page cannot read it.
  expect(page.url()).not.toContain('token');
  expect(await page.evaluate(() => document.cookie)).toBe('');
  const cookies = await page.context().cookies();
  expect(cookies).toEqual([expect.objectContaining({ httpOnly: true, sameSite: 'Strict', value: new URL(url).searchParams.get('token') })]);
  await page.reload();
  await signIn(page, app.shop.clerks[1]!.name, app.shop.clerks[1]!.pin);

  // Another browser profile (no cookie) given the bare address, or an out-of-date key, gets an explanation, not the app.
  const stranger = await browser.newPage();
  try {
    const bare = new URL(url);
    bare.search = '';
    const refused = await stranger.goto(bare.href);
    expect(refused?.status()).toBe(401);
    await expect(stranger.locator('body')).toContainText('Open the address stock-ledger app printed');
    const stale = await stranger.goto(`${bare.origin}/?token=from-yesterday`);
    expect(stale?.status()).toBe(401);
    await expect(stranger.locator('body')).toContainText('out of date');
    expect(await stranger.context().cookies()).toEqual([]);
  } finally {
    await stranger.close();
  }
});

test('a sale posted by a till over the local API while the window is open shows in the item trail', async ({ app }) => {
  const { page, ledger, shop } = app;
  await signIn(page, shop.clerks[0]!.name, shop.clerks[0]!.pin);
  await page.getByTestId('stock-search').fill(shop.trailSku);
  await page.getByTestId('stock-search').press('Enter');
  const before = await ledger.host.run('stock.get', { sku: shop.trailSku });
  await expect(page.getByTestId('item-onhand')).toHaveText(String(before.onHand));

  // What a till sends (bearer token, its own document id as the idempotency key), twice: a retry.
  const sale = { type: 'sale' as const, id: 'TILL-7-000042', actor: 'till-7', lines: [{ sku: shop.trailSku, qty: 1 }] };
  const first = await ledger.host.call('documents.record', sale);
  const retry = await ledger.host.call('documents.record', sale);
  expect(first.ok).toBe(true);
  expect(retry).toEqual(first);

  await page.keyboard.press('F1');
  await page.getByTestId('stock-search').fill(shop.trailSku);
  await page.getByTestId('stock-search').press('Enter');
  await expect(page.getByTestId('item-onhand')).toHaveText(String(before.onHand - 1));
  await expect(page.getByTestId('trail-row').filter({ hasText: 'till-7' })).toHaveCount(1);
  await screenshot(page, 'served-till-sale');
});
