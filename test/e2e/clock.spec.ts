/**
 * The one place the page is bound in process (`inProcess: true`, Playwright's exposeBinding in place
 * of HTTP): a test that must set the ledger's clock. The served app runs on the real clock and says so.
 */
import { expect, signIn, test } from './fixtures';

test.describe('with the ledger clock under the test’s control', () => {
  test.use({ inProcess: true });

  test('a sale posted while the ledger clock reads six weeks from now is recorded at that time', async ({ app }) => {
    const { page, ledger, shop } = app;
    // Forward, since recorded_at never goes back on one device.
    const at = new Date(Math.ceil((Date.now() + 42 * 86_400_000) / 60_000) * 60_000).toISOString();
    ledger.clock.set(Date.parse(at));
    await signIn(page, shop.clerks[1]!.name, shop.clerks[1]!.pin);
    await page.keyboard.press('F2');
    await page.getByTestId('doctype-sale').click();
    await page.getByTestId('doc-scan').fill(shop.sellable.sku);
    await page.getByTestId('doc-scan').press('Enter');
    await page.keyboard.press('F8');
    await expect(page.getByTestId('doc-posted')).toContainText('1 line');
    // Recorded (and, with no date given, occurred) at the test's time.
    const last = (await ledger.host.run('stock.trail', { sku: shop.sellable.sku, limit: 1 })).rows[0]!;
    expect(last).toMatchObject({ kind: 'sale', actor: shop.clerks[1]!.name, recordedAt: at, occurredAt: at });
  });
});

test('the served app runs on the real clock: moving it is refused with a pointer to inProcess', async ({ app }) => {
  expect(() => app.ledger.clock.set(0)).toThrow(/inProcess: true/);
  expect(Math.abs(app.ledger.clock.now() - Date.now())).toBeLessThan(5_000);
});
