import { expect, test } from '@playwright/test';
import { classifyStartupError } from '../../electron/host/startupProblem';
import { startupErrorPage } from '../../electron/shell/startupPage';
import { screenshot } from './harness';

// The page main shows instead of the app when the ledger cannot be opened (served over app:// in Electron).
test('a ledger that cannot be opened gets a page naming the file and what to do', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  const problem = classifyStartupError({ message: 'the file has schema versions 9999 that this app version does not know', code: 'LEDGER_NEWER_VERSION' },
    'C:\\ProgramData\\Stock Ledger\\stock-ledger.sqlite');
  await page.setContent(startupErrorPage(problem, { logFolder: 'C:\\ProgramData\\Stock Ledger\\logs', version: '0.1.0' }));
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading', { level: 1 })).toHaveText('This ledger was written by a newer version of Stock Ledger.');
  await expect(alert).toContainText('C:\\ProgramData\\Stock Ledger\\stock-ledger.sqlite');
  await expect(alert).toContainText('Install the latest version of Stock Ledger');
  await expect(alert).toContainText('C:\\ProgramData\\Stock Ledger\\logs');
  await screenshot(page, 'startup-error');
});
