import { issueEnrollmentCode } from '../../server/auth';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { startLocalHq } from './localHq';

/**
 * A new optical shop in Berlin, first day, in the app's own screens: setup (branch, zone found by
 * typing "Berlin", currency, first manager) → a delivery typed as 10:30 and a sale → connect to HQ
 * later → sync. The rows recorded before HQ knew the PC land at HQ under the shop's branch.
 */
test.describe('a new shop', () => {
  test.use({ seeded: false });

  test('sets up, sells, connects to HQ later and syncs', async ({ app }) => {
    const { page, ledger } = app;
    const hq = await startLocalHq();
    const { store, url } = hq;
    try {
      // First start: nothing but the setup screen.
      await expect(page.getByTestId('setup')).toBeVisible();
      await expect(page.getByTestId('nav-documents')).toHaveCount(0);
      await page.getByTestId('setup-code').fill('ber-01');
      await page.getByTestId('setup-name').fill('Optik Berlin Mitte');
      await page.getByTestId('setup-tz-search').fill('Berlin');
      await page.getByTestId('tz-option-Europe/Berlin').click();
      await expect(page.getByTestId('setup-tz-value')).toHaveText('Europe/Berlin');
      await page.getByTestId('setup-currency').selectOption('EUR');
      await page.getByTestId('setup-locale').fill('de-DE');
      await page.getByTestId('setup-manager').fill('Dora Lima');
      await page.getByTestId('setup-pin').fill('4321');
      await page.getByTestId('setup-pin-again').fill('4321');
      await screenshot(page, 'setup-new-shop');
      await page.getByTestId('setup-submit').click();
      await expect(page.getByTestId('status-clerk')).toContainText('Dora Lima');
      await expect(page.getByTestId('status-branch')).toContainText('BER-01 Optik Berlin Mitte');
      expect(await ledger.host.run('settings.get', {})).toMatchObject({ branchCode: 'BER-01', timeZone: 'Europe/Berlin', currency: 'EUR', locale: 'de-DE' });

      // The first day: a delivery typed as 10:30 (Berlin) and a sale.
      await ledger.host.run('items.upsert', { sku: 'FRAME-01', name: 'Frame Aurora 52' });
      await page.keyboard.press('F2');
      await page.getByTestId('doc-scan').fill('FRAME-01');
      await page.getByTestId('doc-scan').press('Enter');
      await page.getByTestId('qty-FRAME-01').fill('6');
      await page.getByTestId('doc-occurred').fill('2026-01-15T10:30');
      await page.keyboard.press('F8');
      await expect(page.getByTestId('doc-posted')).toBeVisible();
      const receipt = (await ledger.host.run('stock.trail', { sku: 'FRAME-01', limit: 1 })).rows[0]!;
      expect(receipt.occurredAt).toBe('2026-01-15T09:30:00.000Z');
      await page.getByTestId('doctype-sale').click();
      await page.getByTestId('doc-scan').fill('FRAME-01');
      await page.getByTestId('doc-scan').press('Enter');
      await page.keyboard.press('F8');
      // The receipt's confirmation was on screen a moment ago: wait for the sale's own.
      await expect(page.getByTestId('doc-posted')).toContainText('Recorded sale');
      expect(await ledger.host.run('stock.get', { sku: 'FRAME-01' })).toMatchObject({ onHand: 5 });

      // A clerk does not see the settings controls at all.
      await ledger.host.run('users.upsert', { name: 'Ben Osei', pin: '2468', role: 'clerk', actor: 'Dora Lima' });
      await page.keyboard.press('F12');
      await signIn(page, 'Ben Osei', '2468');
      await page.keyboard.press('F10');
      await expect(page.getByTestId('clerks-manager-only')).toBeVisible();
      await expect(page.getByTestId('settings-negative')).toHaveCount(0);
      await screenshot(page, 'settings-as-clerk');

      // Later that day HQ is ready: the manager connects the PC.
      await store.addBranch({ code: 'BER-01', name: 'Optik Berlin Mitte', timeZone: 'Europe/Berlin' });
      await page.keyboard.press('F12');
      await signIn(page, 'Dora Lima', '4321');
      await page.getByTestId('nav-sync').click();
      await page.getByTestId('sync-url').fill(url);
      await page.getByTestId('sync-code').fill((await issueEnrollmentCode(store, 'BER-01')).code);
      await page.getByTestId('sync-enroll').click();
      await expect(page.getByTestId('sync-message')).toContainText('Connected to HQ as branch BER-01');
      await page.getByTestId('sync-now').click();
      await expect(page.getByTestId('sync-pending')).toHaveText('0 rows');
      await screenshot(page, 'sync-new-shop');
      expect((await store.stock('FRAME-01')).find((b) => b.branch === 'BER-01')).toMatchObject({ onHand: 5 });
      expect(await store.verifyChains()).toMatchObject({ ok: true, rows: 2 });
    } finally {
      await hq.close();
    }
  });

  test('connects to HQ first: the code sets the branch, HQ its name and zone', async ({ app }) => {
    const { page, ledger } = app;
    const hq = await startLocalHq();
    const { store, url } = hq;
    try {
      await store.addBranch({ code: 'HAV-01', name: 'La Habana Vieja', timeZone: 'America/Havana' });
      await store.addBranch({ code: 'BER-01', name: 'Berlin' });
      await page.getByTestId('setup-via-hq').check();
      await page.getByTestId('setup-hq-url').fill(url);
      await page.getByTestId('setup-hq-code').fill('NOT-A-REAL-CODE');
      await page.getByTestId('setup-manager').fill('Rosa Díaz');
      await page.getByTestId('setup-pin').fill('2468');
      await page.getByTestId('setup-pin-again').fill('2468');
      await page.getByTestId('setup-submit').click();
      await expect(page.getByTestId('setup-error')).toContainText('HQ did not accept the enrollment code');
      expect((await ledger.host.run('users.list', {})).firstRun).toBe(true);
      await page.getByTestId('setup-hq-code').fill((await issueEnrollmentCode(store, 'HAV-01')).code);
      await screenshot(page, 'setup-via-hq');
      await page.getByTestId('setup-submit').click();
      await expect(page.getByTestId('status-branch')).toContainText('HAV-01 La Habana Vieja');
      await expect(page.getByTestId('status-clerk')).toContainText('Rosa Díaz');
      expect(await ledger.host.run('settings.get', {})).toMatchObject({ branchCode: 'HAV-01', branchName: 'La Habana Vieja', timeZone: 'America/Havana' });
    } finally {
      await hq.close();
    }
  });

  test('a PC that already recorded movements (a CLI user) is set up later: they all belong to the branch set up', async ({ app }) => {
    const { page, ledger } = app;
    await ledger.host.run('items.upsert', { sku: 'LENS-01', name: 'Lens cloth' });
    for (let i = 0; i < 3; i++) await ledger.host.run('documents.record', { type: 'receive', lines: [{ sku: 'LENS-01', qty: 10 }], actor: 'import' });
    await page.reload();
    await expect(page.getByTestId('setup-earlier')).toHaveText('3 movements recorded before setup will belong to this branch.');
    await page.getByTestId('setup-code').fill('BER-02');
    await page.getByTestId('setup-name').fill('Optik Kreuzberg');
    await page.getByTestId('setup-tz-search').fill('berl');
    await expect(page.getByTestId('tz-option-Europe/Berlin')).toBeVisible();
    await screenshot(page, 'setup-with-earlier-movements');
    await page.getByTestId('tz-option-Europe/Berlin').click();
    await page.getByTestId('setup-manager').fill('Kai');
    await page.getByTestId('setup-pin').fill('1357');
    await page.getByTestId('setup-pin-again').fill('1357');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('status-branch')).toContainText('BER-02 Optik Kreuzberg');
    await expect(page.getByTestId('status-movements')).toContainText('3 movements');
    // Assigned once: a manager cannot turn this ledger into another branch.
    await page.keyboard.press('F10');
    await page.getByTestId('settings-branch-code').fill('BER-03');
    await page.getByTestId('settings-save').click();
    await expect(page.getByTestId('settings-error')).toContainText('This ledger already belongs to branch BER-02 and holds 3 movements of that branch, so its branch code cannot change to BER-03.');
    expect((await ledger.host.run('settings.get', {})).branchCode).toBe('BER-02');
  });
});
