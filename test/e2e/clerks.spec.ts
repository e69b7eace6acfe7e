import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test.describe('a fresh ledger', () => {
  test.use({ seeded: false });

  test('lets the first user be created on first run, and records them as the actor', async ({ app }) => {
    const { page, ledger } = app;
    await expect(page.getByTestId('first-run')).toBeVisible();
    await page.getByTestId('first-name').fill('Dora Lima');
    await page.getByTestId('first-pin').fill('4321');
    await page.getByTestId('first-pin-again').fill('4312');
    await page.getByTestId('first-create').click();
    await expect(page.getByTestId('signin-error')).toContainText('The two PINs differ');
    await page.getByTestId('first-pin-again').fill('4321');
    await screenshot(page, 'first-run');
    await page.getByTestId('first-create').click();
    await expect(page.getByTestId('status-clerk')).toContainText('Dora Lima');
    expect((await ledger.host.run('users.list', {})).rows).toMatchObject([{ name: 'Dora Lima', role: 'manager' }]);
    await expect(page.getByTestId('stock-count')).toHaveText('0 items');
  });
});

test('a manager adds a clerk, who then signs in with F12 and works under their own name', async ({ app }) => {
  const { page, ledger, shop } = app;
  const anna = shop.clerks[0]!;
  await signIn(page, anna.name, anna.pin);
  await page.keyboard.press('F10');
  await page.getByTestId('clerk-name').fill('Eva Sousa');
  await page.getByTestId('clerk-pin').fill('8080');
  await page.getByTestId('clerk-save').click();
  await expect(page.getByTestId('clerks-message')).toContainText('Eva Sousa added');
  await expect(page.getByTestId('clerk-row-Eva Sousa')).toContainText('clerk');
  await screenshot(page, 'clerks-settings');

  // Switch clerk: F12, pick the name, PIN.
  await page.keyboard.press('F12');
  await expect(page.getByTestId('signin')).toBeVisible();
  await screenshot(page, 'sign-in');
  await page.getByTestId('clerk-Eva Sousa').click();
  await page.getByTestId('signin-pin').fill('0000');
  await page.getByTestId('signin-pin').press('Enter');
  await expect(page.getByTestId('signin-error')).toHaveText('That PIN is not right for Eva Sousa. Try again.');
  await page.getByTestId('signin-pin').fill('8080');
  await page.getByTestId('signin-pin').press('Enter');
  await expect(page.getByTestId('status-clerk')).toContainText('Eva Sousa');

  // Eva's sale carries her name; there is no field to type another.
  await page.keyboard.press('F2');
  await page.getByTestId('doctype-sale').click();
  await page.getByTestId('doc-scan').fill(shop.sellable.sku);
  await page.getByTestId('doc-scan').press('Enter');
  // The scan is looked up in the ledger (over HTTP, in the worker): post once its line is on the form.
  await expect(page.getByTestId(`qty-${shop.sellable.sku}`)).toBeVisible();
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toBeVisible();
  expect((await ledger.host.run('stock.trail', { sku: shop.sellable.sku, limit: 1 })).rows[0]).toMatchObject({ kind: 'sale', actor: 'Eva Sousa' });

  // A clerk cannot manage clerks: the ledger refuses.
  await page.keyboard.press('F10');
  await page.getByTestId('clerk-name').fill('Mallory');
  await page.getByTestId('clerk-pin').fill('1111');
  await page.getByTestId('clerk-save').click();
  await expect(page.getByTestId('clerks-error')).toContainText('Only a manager can change clerks');
});

test('switching clerk is two keystrokes from any screen: F12 then Enter on the next name', async ({ app }) => {
  const { page, shop } = app;
  const [anna, ben] = shop.clerks;
  await signIn(page, anna!.name, anna!.pin);
  await page.keyboard.press('F12');
  // The name after the current clerk is already picked: Enter opens its PIN.
  await expect(page.getByTestId(`clerk-${ben!.name}`)).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type(ben!.pin);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('status-clerk')).toContainText(ben!.name);
});

test('the status bar shows branch, clerk and pending sync rows from app.status', async ({ app }) => {
  const { page, ledger, shop } = app;
  await signIn(page, shop.clerks[0]!.name, shop.clerks[0]!.pin);
  const status = await ledger.host.run('app.status', {});
  await expect(page.getByTestId('status-branch')).toContainText(`${status.branchCode} ${status.branchName}`);
  await expect(page.getByTestId('status-sync')).toContainText('Sync not set up');
  await expect(page.getByTestId('status-pending')).toHaveText(String(status.sync.pending));
});
