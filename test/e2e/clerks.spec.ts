import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test.describe('a fresh ledger', () => {
  test.use({ seeded: false });

  test('lets the first manager be created in the first-start setup, and records them as the actor', async ({ app }) => {
    const { page, ledger } = app;
    await expect(page.getByTestId('setup')).toBeVisible();
    await page.getByTestId('setup-code').fill('LIS-02');
    await page.getByTestId('setup-name').fill('Lisbon · Chiado');
    await page.getByTestId('setup-tz-search').fill('lisbon');
    await page.getByTestId('tz-option-Europe/Lisbon').click();
    await page.getByTestId('setup-manager').fill('Dora Lima');
    await page.getByTestId('setup-pin').fill('4321');
    await page.getByTestId('setup-pin-again').fill('4312');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-error')).toContainText('The two PINs differ');
    await page.getByTestId('setup-pin-again').fill('4321');
    await screenshot(page, 'first-run');
    await page.getByTestId('setup-submit').click();
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

  // A clerk does not see the clerk controls, and the ledger refuses the command through the app's own transport.
  await page.keyboard.press('F10');
  await expect(page.getByTestId('clerks-manager-only')).toBeVisible();
  await expect(page.getByTestId('clerk-save')).toHaveCount(0);
  const refused = await page.evaluate(() => (window as unknown as { stockLedger: Record<string, (p: unknown) => Promise<unknown>> }).stockLedger['users.upsert']!({ name: 'Mallory', pin: '1111', actor: 'Eva Sousa' }));
  expect(refused).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED', message: expect.stringContaining('Only a manager can add or change clerks') } });
  expect((await ledger.host.run('users.list', {})).rows.map((c) => c.name)).not.toContain('Mallory');
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

test('a PIN that is too short is refused in plain words: which field, what is wrong, what to do', async ({ app }) => {
  const { page, ledger, shop } = app;
  const anna = shop.clerks[0]!;
  await signIn(page, anna.name, anna.pin);
  await page.keyboard.press('F10');
  await page.getByTestId('clerk-name').fill('Eva Sousa');
  await page.getByTestId('clerk-pin').fill('12');
  await page.getByTestId('clerk-save').click();
  await expect(page.getByTestId('clerks-error')).toHaveText('Check the PIN: a PIN is 4 to 8 digits. Nothing was changed; correct it and try again.');
  await expect(page.getByTestId('clerks-error')).not.toContainText('request is not valid');
  expect((await ledger.host.run('users.list', { includeDisabled: true })).rows.map((u) => u.name)).not.toContain('Eva Sousa');
  await screenshot(page, 'clerks-pin-refused');
});
