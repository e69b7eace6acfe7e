import { expect, test, type Page } from '@playwright/test';
import { STARTUP_PAGE_CSP } from '../../electron/shell/appProtocol';
import { upgradePage, type UpgradeStatus } from '../../electron/shell/upgradePage';
import { screenshot } from './harness';

// The page main shows while a new version upgrades the ledger file (served over app:// in Electron, from
// the latest progress at every reload). Here a route serves it the same way, with the same CSP.
const PAGE_URL = 'http://stock-ledger.test/upgrading';
const MOVEMENTS = 5_000_000;
const UPGRADE_TOTAL = 2 * MOVEMENTS + 9; // copied, checked, then nine indexes and triggers (leanRows.ts)

async function serveUpgrade(page: Page, statusAt: (request: number) => UpgradeStatus, now: number): Promise<void> {
  let requests = 0;
  await page.route(PAGE_URL, (route) => route.fulfill({
    contentType: 'text/html; charset=utf-8',
    headers: { 'content-security-policy': STARTUP_PAGE_CSP },
    body: upgradePage(statusAt(requests++), { now, version: '0.2.0' }),
  }));
}

async function expectCalmAdvice(page: Page): Promise<void> {
  await expect(page.getByText("Stock Ledger is updating this PC's ledger file for the new version. This happens once; a large file can take a few minutes.")).toBeVisible();
  await expect(page.getByText('Do not switch the PC off. Stock Ledger opens by itself when it is done.')).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
});

test('an upgrade at 40% shows the movements step with its bar, and the page follows the progress by itself', async ({ page }) => {
  const problems: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  // Each reload is served the next step of the copy, as main serves the latest progress.
  await serveUpgrade(page, (n) => ({ phase: 'upgrade', done: 4_000_000 + n * 100_000, total: UPGRADE_TOTAL, phaseStartedAt: 0 }), 95_000);
  await page.goto(PAGE_URL);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Updating the ledger file');
  await expectCalmAdvice(page);
  const movements = page.getByRole('listitem').filter({ hasText: 'Upgrading the movements' });
  await expect(movements).toContainText('40% (1 min 35 s so far)');
  await expect(movements.getByRole('progressbar', { name: 'Upgrading the movements' })).toHaveAttribute('value', '40');
  await expect(page.getByRole('listitem').filter({ hasText: 'Compacting the file' })).toContainText('Next');
  await screenshot(page, 'upgrade-movements-40');
  // No script: the meta refresh fetches the page again and the bar moves on.
  await expect(movements).toContainText('41%', { timeout: 5_000 });
  expect(problems).toEqual([]);
});

test('compacting shows the movements done and the time so far instead of a percentage', async ({ page }) => {
  await serveUpgrade(page, () => ({ phase: 'compact', done: 0, total: 1, phaseStartedAt: 0 }), 48_000);
  await page.goto(PAGE_URL);
  await expectCalmAdvice(page);
  await expect(page.getByRole('listitem').filter({ hasText: 'Upgrading the movements' })).toContainText('Done');
  const compacting = page.getByRole('listitem').filter({ hasText: 'Compacting the file' });
  await expect(compacting).toContainText('Working (48 s so far)');
  await expect(compacting.getByRole('progressbar', { name: 'Compacting the file' })).not.toHaveAttribute('value');
  await expect(page.locator('body')).not.toContainText('0%');
  await screenshot(page, 'upgrade-compacting');
});
