import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { newShopManager } from './backoffice';

/** Every screen of the navigation bar, as a clerk opens it, for a look at 1366×768. */
const SCREENS = ['stock', 'items', 'documents', 'journal', 'reservations', 'stocktake', 'transfers', 'valuation', 'sync', 'health', 'clerks'];

async function visitAll(page: import('@playwright/test').Page, prefix: string) {
  for (const id of SCREENS) {
    await page.getByTestId(`nav-${id}`).click();
    await expect(page.getByTestId(`nav-${id}`)).toHaveAttribute('aria-current', 'page');
    await page.waitForTimeout(300); // lists load
    await expect(page.locator('.screen')).not.toContainText('Loading');
    await screenshot(page, `${prefix}-${id}`);
  }
}

test.describe('a new shop', () => {
  test.use({ seeded: false });
  test('every screen of a new shop says what to do rather than showing empty tables', async ({ app }) => {
    await newShopManager(app);
    await visitAll(app.page, 'screen-new');
    await app.page.getByTestId('nav-stock').click();
    await expect(app.page.getByTestId('stock-empty')).toContainText('No items yet');
  });
});

test('every screen of a busy shop', async ({ app }) => {
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
  await visitAll(app.page, 'screen-busy');
});
