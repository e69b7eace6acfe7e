import { issueEnrollmentCode } from '../../server/auth';
import { sealMovement } from '../../shared/movements/chain';
import { currentSeal } from '../../electron/safety/deviceSeal';
import type { Ledger } from '../../electron/ledger/open';
import type { Movement } from '../../shared/movements/row';
import { expect, signIn, test } from './fixtures';
import { screenshot } from './harness';
import { startLocalHq } from './localHq';

test('a till whose ledger went back in time stops syncing, says so, and a manager recovers it with one button', async ({ app }) => {
  const { page, ledger, shop } = app;
  const hq = await startLocalHq();
  const { store, url } = hq;
  try {
    await store.addBranch({ code: 'LIS-01', name: 'Lisbon · Rua Augusta' });
    const sku = shop.sellable.sku;
    // Connecting to HQ is a manager's: through the app's API it carries a manager's approval.
    await ledger.host.run('sync.configure', { serverUrl: url, enrollmentCode: (await issueEnrollmentCode(store, 'LIS-01')).code, approval: { manager: shop.clerks[0]!.name, pin: shop.clerks[0]!.pin } });
    await ledger.host.run('sync.now', {});
    const deviceId = ledger.host.ledger.deviceId;
    const head = ledger.host.ledger.db.prepare(`SELECT device_seq, hash FROM movements WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1`).get(deviceId) as { device_seq: number; hash: string };

    // HQ holds a sale of this till that its file no longer has (the file was restored from last night's backup).
    const at = new Date().toISOString();
    const lost = {
      id: '01900000-0000-7000-8000-00000000beef', deviceId, deviceSeq: head.device_seq + 1, branch: 'LIS-01', sku, kind: 'sale', qty: 1, onHandDelta: -1, reservedDelta: 0,
      unitCost: null, docType: 'sale', docId: 'S-LOST', docLine: 0, reverses: null, note: null, actor: 'Anna Kowalski', occurredAt: at, recordedAt: at, prevHash: head.hash,
    };
    // Sealed with this till's key, as the till itself sealed it before the file went back in time.
    const row: Movement = { ...lost, hash: sealMovement(lost, currentSeal(ledger.host.ledger as unknown as Ledger)?.key ?? null) };
    expect((await store.push({ device: { deviceId, branch: 'LIS-01' }, request: { deviceId, movements: [row] }, now: Date.now(), futureLimitMs: 3600_000 })).accepted).toBe(1);
    const before = (await ledger.host.run('stock.get', { sku })).onHand;

    const anna = shop.clerks[0]!;
    await signIn(page, anna.name, anna.pin);
    await page.getByTestId('nav-sync').click();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('sync-state-text')).toContainText('out of step with HQ');
    await expect(page.getByTestId('sync-diverged')).toContainText('went back in time');
    await expect(page.getByTestId('sync-diverged')).toContainText('A manager can press "Recover"');
    await expect(page.getByTestId('sync-error')).toHaveCount(0);
    await expect(page.getByTestId('sync-backlog-text')).toContainText('Nothing is sent to HQ until a manager recovers');
    await expect(page.getByTestId('status-sync')).toContainText('Sync stopped');
    await screenshot(page, 'sync-diverged');

    await page.getByTestId('sync-recover').click();
    await expect(page.getByTestId('sync-message')).toContainText('Recovered: 1 row(s) HQ held came back');
    await expect(page.getByTestId('sync-diverged')).toHaveCount(0);
    await expect(page.getByTestId('status-sync')).toContainText('Online');
    await screenshot(page, 'sync-recovered');
    expect((await ledger.host.run('stock.get', { sku })).onHand).toBe(before - 1);
    expect((await store.stock(sku)).find((b) => b.branch === 'LIS-01')!.onHand).toBe(before - 1);
    expect(await ledger.host.run('ledger.verify', {})).toMatchObject({ ok: true });
  } finally {
    await hq.close();
  }
});
