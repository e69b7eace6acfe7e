import { expect, test } from '@playwright/test';
import { bindLedger, openTempLedger, screenshot, serveRenderer } from './harness';

// Not the shared fixture: that one fails any test whose page logged an error, and this one makes a screen throw.
test('a screen that throws while rendering shows what happened and a way back, not a blank window', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const server = await serveRenderer();
  const ledger = openTempLedger();
  let broken = true;
  // The clerk list arrives with a hole in it: the sign-in screen cannot render it.
  await bindLedger(page, ledger.host, { answer: (name, outcome) => (broken && name === 'users.list' ? { ok: true, result: { rows: [null], firstRun: false } } : outcome) });
  try {
    await page.goto(server.url);
    const panel = page.getByTestId('screen-error');
    await expect(panel).toContainText('This screen could not be shown');
    await expect(panel).toContainText('Everything recorded so far is safe');
    await expect(page.getByRole('navigation', { name: 'Screens' })).toBeVisible();
    await screenshot(page, 'screen-error');
    broken = false;
    await page.getByRole('button', { name: 'Reload window' }).click();
    await expect(page.getByTestId('screen-error')).toHaveCount(0);
    await expect(page.getByTestId('first-run')).toBeVisible();
  } finally {
    ledger.close();
    await server.close();
  }
});
