import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';

test.beforeEach(async ({ app }) => {
  const anna = app.shop.clerks[0]!;
  await signIn(app.page, anna.name, anna.pin);
});

test('About shows what support asks for, and saves a support bundle into the data folder', async ({ app }) => {
  const { page, ledger } = app;
  await page.getByTestId('nav-about').click();
  await expect(page.getByTestId('about-device')).toHaveText(ledger.host.ledger.deviceId);
  await expect(page.getByTestId('about-data-folder')).toHaveText(dirname(ledger.host.ledger.file));
  await expect(page.getByTestId('about-ledger-file')).toContainText(ledger.host.ledger.file);
  await expect(page.getByTestId('about-hq')).toHaveText('not connected');
  await page.getByTestId('support-bundle').click();
  await expect(page.getByTestId('support-bundle-saved')).toContainText('Send this file to support', { timeout: 20_000 });
  const saved = (await page.getByTestId('support-bundle-saved').locator('.selectable').textContent())!;
  expect(saved.startsWith(dirname(ledger.host.ledger.file))).toBe(true);
  expect(existsSync(saved)).toBe(true);
  await screenshot(page, 'about-support');
});

test('a command cut off by a ledger restart shows the restart banner', async ({ app }) => {
  const { page } = app;
  app.faults.answer = (name, outcome) => (name === 'stock.list'
    ? { ok: false, error: { code: 'LEDGER_RESTARTED', message: 'The ledger stopped unexpectedly and was started again.' } }
    : outcome);
  await page.getByTestId('nav-documents').click();
  await page.getByTestId('nav-stock').click();
  await expect(page.getByTestId('ledger-restarted')).toContainText('was started again');
  await screenshot(page, 'ledger-restarted');
  app.faults.answer = undefined;
  await page.getByTestId('ledger-restarted').getByRole('button', { name: 'OK' }).click();
  await expect(page.getByTestId('ledger-restarted')).toHaveCount(0);
});
