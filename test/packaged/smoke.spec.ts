import { _electron as electron, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Starts the app electron-builder packaged (release/*-unpacked) on a fresh ledger seeded with the CLI:
 * sign in, post a sale, see it in the item's trail, quit cleanly (the ledger closes: no WAL left behind).
 */
const ROOT = resolve(__dirname, '../..');

function packagedExecutable(): string {
  const release = join(ROOT, 'release');
  const candidates = process.platform === 'win32' ? [join(release, 'win-unpacked', 'Stock Ledger.exe')]
    : process.platform === 'darwin' ? [join(release, 'mac', 'Stock Ledger.app', 'Contents', 'MacOS', 'Stock Ledger')]
    : [join(release, 'linux-unpacked', 'stock-ledger')];
  const found = candidates.find((f) => existsSync(f));
  if (!found) throw new Error(`No packaged app under release/ (${readdirSync(release).join(', ')}): run \`npm run dist\` first`);
  return found;
}

function cli(db: string, ...args: string[]): string {
  return execFileSync(process.execPath, [join(ROOT, 'bin/stock-ledger.js'), '--db', db, '--actor', 'setup', ...args], { encoding: 'utf8' });
}

test('the packaged app starts, records a sale a clerk posts, shows it in the trail, and quits cleanly', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-smoke-'));
  const db = join(dir, 'stock-ledger.sqlite');
  cli(db, 'call', 'users.upsert', JSON.stringify({ name: 'Smoke Tester', pin: '2468', role: 'manager' }));
  cli(db, 'call', 'items.upsert', JSON.stringify({ sku: 'SMOKE-1', name: 'Smoke test tea' }));
  cli(db, 'receive', 'SMOKE-1', '10', '--cost', '250');

  const app = await electron.launch({ executablePath: packagedExecutable(), env: { ...process.env, STOCK_LEDGER_DB: db } });
  const page = await app.firstWindow();
  expect(page.url()).toBe('app://stock-ledger/index.html');
  await page.getByTestId('clerk-Smoke Tester').click();
  await page.getByTestId('signin-pin').fill('2468');
  await page.getByTestId('signin-pin').press('Enter');
  await expect(page.getByTestId('status-clerk')).toContainText('Smoke Tester');

  await page.keyboard.press('F2');
  await page.getByTestId('doctype-sale').click();
  await page.getByTestId('doc-scan').fill('SMOKE-1');
  await page.getByTestId('doc-scan').press('Enter');
  await page.getByTestId('qty-SMOKE-1').fill('3');
  await page.keyboard.press('F8');
  await expect(page.getByTestId('doc-posted')).toContainText('1 line');

  await page.keyboard.press('F1');
  await page.getByTestId('stock-search').fill('SMOKE-1');
  await page.getByTestId('stock-search').press('Enter');
  await expect(page.getByTestId('item-name')).toContainText('Smoke test tea');
  await expect(page.getByTestId('trail-row').filter({ hasText: 'Smoke Tester' })).toHaveCount(1);
  await expect(page.getByTestId('trail-balance').last()).toHaveText('7');

  // The window has no Node: the preload handed it only the command functions.
  expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
  await app.close();
  // The last connection to close checkpoints and removes the WAL: quitting closed the ledger.
  expect(existsSync(`${db}-wal`)).toBe(false);
  expect(JSON.parse(cli(db, '--json', 'call', 'stock.get', JSON.stringify({ sku: 'SMOKE-1' })))).toMatchObject({ onHand: 7 });
});
