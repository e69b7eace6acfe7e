import Database from 'better-sqlite3';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { issueEnrollmentCode } from '../../server/auth';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { startLocalHq } from './localHq';

/** A backup file as the app names it (`<ledger>-<UTC stamp>-<kind>.sqlite`), copied from the live file. */
function plantBackup(ledgerFile: string, folder: string, kind: string, at: string): void {
  const stamp = new Date(at).toISOString().replace(/[-:.]/g, '');
  const out = join(folder, `${basename(ledgerFile, '.sqlite')}-${stamp}-${kind}.sqlite`);
  const db = new Database(ledgerFile, { readonly: true });
  try { db.prepare('VACUUM INTO ?').run(out); } finally { db.close(); }
}

const slow = expect.configure({ timeout: 20_000 });

test.describe('backups (a manager\'s screen)', () => {
  test('several backups listed by kind; a folder that cannot be written is refused; back up now to a USB folder; restore one and sign in again', async ({ app }) => {
    const { page, ledger, shop } = app;
    const [anna, ben] = [shop.clerks[0]!, shop.clerks[1]!];
    // A clerk does not see the screen.
    await signIn(page, ben.name, ben.pin);
    await expect(page.getByTestId('nav-stock')).toBeVisible();
    await expect(page.getByTestId('nav-backups')).toHaveCount(0);
    await page.keyboard.press('F12');
    await signIn(page, anna.name, anna.pin);

    const folder = join(ledger.dir, 'backups');
    mkdirSync(folder, { recursive: true });
    plantBackup(ledger.file, folder, 'daily', '2026-11-27T22:00:00.000Z');
    plantBackup(ledger.file, folder, 'daily', '2026-11-28T22:00:00.000Z');
    plantBackup(ledger.file, folder, 'pre-migration', '2026-11-29T07:59:00.000Z');
    await page.getByTestId('nav-backups').click();
    await slow(page.getByTestId('backup-row').first()).toBeVisible();
    const rows = page.getByTestId('backup-row');
    // The daily one the app took at start, and the three planted; newest first.
    await expect(rows).toHaveCount(4);
    await expect(page.getByTestId('backups-list')).toContainText('Before an app update');
    await expect(page.getByTestId('backups-folder-path')).toHaveText(folder);
    await expect(page.getByTestId('backups-cli')).toContainText(`restore BACKUP-FILE`);

    // Back up now: a manual backup with a finished progress bar.
    await page.getByTestId('backups-now').click();
    await slow(page.getByTestId('backups-done')).toContainText('Backed up:');
    await expect(rows).toHaveCount(5);
    await expect(rows.first()).toContainText('Manual');
    await screenshot(page, 'backups-several');

    // A folder that cannot be written (under a file): a clear refusal, the setting unchanged.
    await page.getByTestId('backups-folder-input').fill(join(ledger.file, 'backups'));
    await page.getByTestId('backups-folder-save').click();
    await expect(page.getByTestId('backups-folder-error')).toContainText('Backups cannot be written to');
    await expect(page.getByTestId('backups-folder-error')).toContainText('Plug in the disk or choose another folder');
    await expect(page.getByTestId('backups-folder-path')).toHaveText(folder);
    await screenshot(page, 'backups-folder-refused');

    // A USB stick: the setting sticks, and the next backup goes there.
    const usb = mkdtempSync(join(tmpdir(), 'stock-ledger-usb-'));
    try {
      await page.getByTestId('backups-folder-input').fill(usb);
      await page.getByTestId('backups-folder-save').click();
      await expect(page.getByTestId('backups-folder-saved')).toContainText(usb);
      await expect(page.getByTestId('backups-folder-path')).toHaveText(usb);
      await expect(rows).toHaveCount(0);
      await expect(page.getByTestId('backups-empty')).toBeVisible();
      await page.getByTestId('backups-now').click();
      await slow(page.getByTestId('backups-done')).toContainText(usb);
      await expect(rows).toHaveCount(1);
      const before = (await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand;

      // Something recorded after the backup (another till over the local API)...
      await ledger.host.run('documents.record', { id: 'after-backup-1', type: 'receive', lines: [{ sku: shop.trailSku, qty: 5 }], actor: anna.name });
      expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before + 5);

      // ...is gone after the restore; the file in use is kept as a "Before a restore" backup.
      await rows.first().getByTestId('backup-restore').click();
      await expect(page.getByTestId('restore-dialog')).toContainText('kept first as a “Before a restore” backup');
      await screenshot(page, 'backups-restore-confirm');
      await page.getByTestId('restore-confirm').click();
      // The ledger reopened with nobody signed in: the sign-in screen, then the outcome on this screen.
      await slow(page.getByTestId(`clerk-${anna.name}`)).toBeVisible();
      await expect(page.getByText('Esc keeps')).toHaveCount(0);
      await signIn(page, anna.name, anna.pin);
      await expect(page.getByTestId('backups-restored')).toContainText('movements, verified');
      // The manual backup, the file that was in use, and the daily one the reopened ledger took of itself.
      await expect(page.getByTestId('backups-list')).toContainText('Before a restore');
      await expect(rows.filter({ hasText: 'Manual' })).toHaveCount(1);
      await screenshot(page, 'backups-restored');
      const movements = (await ledger.host.run('app.status', {})).movements;
      await expect(page.getByTestId('status-movements')).toHaveText(`${movements.toLocaleString('en-GB')} movements in this ledger`);
      expect((await ledger.host.run('stock.get', { sku: shop.trailSku })).onHand).toBe(before);
      expect((await ledger.host.run('ledger.verify', {})).ok).toBe(true);
    } finally {
      rmSync(usb, { recursive: true, force: true });
    }
  });
});

test('a PC that syncs: the screen warns, and after a restore sync stops until a manager recovers (nothing stale reaches HQ)', async ({ app }) => {
  const { page, ledger, shop } = app;
  const anna = shop.clerks[0]!;
  const hq = await startLocalHq();
  const { store, url } = hq;
  try {
    await store.addBranch({ code: 'LIS-01', name: 'Lisbon · Rua Augusta' });
    const approval = { manager: anna.name, pin: anna.pin };
    await ledger.host.run('sync.configure', { serverUrl: url, enrollmentCode: (await issueEnrollmentCode(store, 'LIS-01')).code, approval });
    await ledger.host.run('sync.now', {});
    const sku = shop.sellable.sku;
    await signIn(page, anna.name, anna.pin);
    await page.getByTestId('nav-backups').click();
    await expect(page.getByTestId('backups-syncs')).toContainText('This PC is connected to HQ');
    await page.getByTestId('backups-now').click();
    await slow(page.getByTestId('backups-done')).toContainText('Backed up:');
    const before = (await ledger.host.run('stock.get', { sku })).onHand;
    // A sale after the backup reaches HQ.
    await ledger.host.run('documents.record', { id: 'after-backup-sale', type: 'sale', lines: [{ sku, qty: 1 }], actor: anna.name });
    await ledger.host.run('sync.now', {});
    const atHq = () => store.stock(sku).then((rows) => rows.find((b) => b.branch === 'LIS-01')!.onHand);
    expect(await atHq()).toBe(before - 1);

    await page.getByTestId('backup-row').filter({ hasText: 'Manual' }).getByTestId('backup-restore').click();
    await expect(page.getByTestId('restore-dialog')).toContainText('This PC is connected to HQ');
    await screenshot(page, 'backups-restore-syncing');
    await page.getByTestId('restore-confirm').click();
    await slow(page.getByTestId(`clerk-${anna.name}`)).toBeVisible();
    await signIn(page, anna.name, anna.pin);
    await expect(page.getByTestId('backups-restored')).toContainText('Sync is stopped until a manager presses Recover');
    expect((await ledger.host.run('stock.get', { sku })).onHand).toBe(before);

    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-diverged')).toContainText('went back in time');
    expect(await atHq()).toBe(before - 1);
    await page.getByTestId('sync-recover').click();
    await expect(page.getByTestId('sync-message')).toContainText('Recovered: 1 row(s) HQ held came back');
    // The sale HQ held came back; HQ and the PC agree.
    expect((await ledger.host.run('stock.get', { sku })).onHand).toBe(before - 1);
    expect(await atHq()).toBe(before - 1);
    expect(await ledger.host.run('ledger.verify', {})).toMatchObject({ ok: true });
  } finally {
    await hq.close();
  }
});

test('restoring a big backup shows each step while it runs, then the outcome', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, ledger, shop } = app;
  const anna = shop.clerks[0]!;
  // A backup of this ledger with 250,000 more movements (its own rows: the same device, so it verifies).
  const folder = join(ledger.dir, 'backups');
  mkdirSync(folder, { recursive: true });
  const big = join(mkdtempSync(join(tmpdir(), 'stock-ledger-big-')), 'big.sqlite');
  const live = new Database(ledger.file, { readonly: true });
  try { live.prepare('VACUUM INTO ?').run(big); } finally { live.close(); }
  const grow = new LedgerHost(big);
  try {
    await grow.run('settings.set', { allowNegativeStock: true });
    const at = Date.now() - 10 * 86_400_000;
    for (let b = 0; b < 5; b++) {
      const lines = Array.from({ length: 50_000 }, (_, i) => ({ type: 'receive' as const, sku: shop.sellable.sku, qty: 1, occurredAt: new Date(at + (b * 50_000 + i) * 1000).toISOString() }));
      await grow.run('documents.import', { id: `big-${b}`, lines, actor: anna.name });
    }
  } finally {
    grow.close();
  }
  const stamp = '20261129T220000000Z';
  const planted = join(folder, `branch-${stamp}-manual.sqlite`);
  const copy = new Database(big, { readonly: true });
  try { copy.prepare('VACUUM INTO ?').run(planted); } finally { copy.close(); }
  rmSync(join(big, '..'), { recursive: true, force: true });

  await signIn(page, anna.name, anna.pin);
  await page.getByTestId('nav-backups').click();
  await page.getByTestId('backup-row').filter({ hasText: 'Manual' }).getByTestId('backup-restore').click();
  await page.getByTestId('restore-confirm').click();
  // The walk over 250,000 rows takes long enough to be seen: the step, its count and its bar.
  await slow(page.getByTestId('restore-progress')).toContainText('Checking every movement\'s hash chain');
  await screenshot(page, 'backups-restore-progress');
  await slow(page.getByTestId(`clerk-${anna.name}`)).toBeVisible();
  await signIn(page, anna.name, anna.pin);
  await expect(page.getByTestId('backups-restored')).toContainText('movements, verified');
  expect((await ledger.host.run('app.status', {})).movements).toBeGreaterThan(250_000);
});

test.describe('backups in a new shop', () => {
  test.use({ seeded: false });

  test('the first day: one daily backup, the folder next to the ledger, how to restore', async ({ app }) => {
    const { page, ledger } = app;
    await ledger.host.run('setup.complete', { branch: { code: 'LIS-01', name: 'Lisboa Baixa', timeZone: 'Europe/Lisbon' }, currency: 'EUR', locale: 'pt-PT', manager: { name: 'Rita Sousa', pin: '2580' } });
    await page.reload();
    await signIn(page, 'Rita Sousa', '2580');
    await page.getByTestId('nav-backups').click();
    await slow(page.getByTestId('backups-folder-path')).toHaveText(join(ledger.dir, 'backups'));
    await expect(page.getByTestId('backup-row')).toHaveCount(1);
    await expect(page.getByTestId('backup-row').first()).toContainText('Daily');
    await expect(page.getByTestId('backups-howto')).toContainText('Press Restore… on a backup');
    await expect(page.getByTestId('backups-syncs')).toHaveCount(0);
    await screenshot(page, 'backups-new-shop');
  });
});
