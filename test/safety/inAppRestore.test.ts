import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WorkerHost } from '../../electron/host/workerHost';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { bundleScript } from '../helpers/bundleScript';
import { tempHost } from '../helpers/tempLedger';

const at = (i: number) => new Date(Date.parse('2026-03-01T09:00:00Z') + i * 60_000).toISOString();

async function shop() {
  const seed = tempHost();
  await seed.run('setup.complete', { branch: { code: 'BER-01', name: 'Berlin Mitte', timeZone: 'Europe/Berlin' }, currency: 'EUR', locale: 'de-DE', manager: { name: 'Anna', pin: '1234' } });
  await seed.run('users.upsert', { name: 'Ben', pin: '2468', role: 'clerk', actor: 'Anna' });
  await seed.run('items.upsert', { sku: 'TEA', name: 'Tea' });
  await seed.run('documents.import', { id: 'in-1', lines: [{ type: 'receive', sku: 'TEA', qty: 10, occurredAt: at(1) }], actor: 'Anna' });
  seed.close();
  return seed.file;
}

describe('restoring a backup from the app (the host swaps the ledger between two workers)', () => {
  it('a manager restores a listed backup: the sale after it is gone, the replaced file is kept, verify ok; a clerk and an unlisted file are refused', async () => {
    const file = await shop();
    const host = new WorkerHost(bundleScript('electron/worker/ledgerWorker.ts'), file);
    try {
      await host.ready;
      expect(await host.call('users.signIn', { name: 'Anna', pin: '1234' })).toMatchObject({ ok: true });
      const backup = await host.call('backups.create', {});
      expect(backup).toMatchObject({ ok: true, result: { reason: 'manual' } });
      const backupFile = (backup as { result: { file: string } }).result.file;
      // The screen's progress bar polls this while a big file is copied.
      const progress = (await host.call('app.progress', {})) as { result: { tasks: Array<{ task: string; done: number; total: number }> } };
      const copied = progress.result.tasks.find((t) => t.task === 'backup');
      expect(copied && copied.total > 0 && copied.done === copied.total).toBe(true);
      expect(await host.call('documents.import', { id: 'sale-1', lines: [{ type: 'sale', sku: 'TEA', qty: 3, occurredAt: at(2) }], actor: 'Anna' })).toMatchObject({ ok: true });
      expect(await host.call('stock.get', { sku: 'TEA' })).toMatchObject({ result: { onHand: 7 } });

      // Only a backup of this ledger's list: never any path a page sends.
      expect(await host.call('backups.restore', { file: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
      // A clerk is asked for a manager.
      expect(await host.call('users.signIn', { name: 'Ben', pin: '2468' })).toMatchObject({ ok: true });
      expect(await host.call('backups.restore', { file: backupFile })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
      expect(await host.call('users.signIn', { name: 'Anna', pin: '1234' })).toMatchObject({ ok: true });

      // A call made while the swap runs waits for it and sees the restored file.
      const [restored, during] = await Promise.all([host.call('backups.restore', { file: backupFile }), new Promise((r) => setTimeout(r, 5)).then(() => host.call('stock.get', { sku: 'TEA' }))]);
      expect(restored).toMatchObject({ ok: true, result: { restored: backupFile, movements: 1, syncs: false } });
      // The dialog followed it from app.progress: every step done, the chain walked over the backup's rows.
      const steps = async () => ((await host.call('app.progress', {})) as { result: { tasks: Array<{ task: string; done: number; total: number }> } }).result.tasks;
      expect((await steps()).filter((t) => t.task === 'restore' || t.task === 'verify')).toEqual([
        { task: 'restore', done: 4, total: 4 }, { task: 'verify', done: 1, total: 1 }]);
      const previous = (restored as { result: { previous: string } }).result.previous;
      expect(existsSync(previous)).toBe(true);
      expect(during).toMatchObject({ ok: true, result: { onHand: 10 } });
      expect(await host.call('stock.get', { sku: 'TEA' })).toMatchObject({ ok: true, result: { onHand: 10 } });
      expect(await host.call('ledger.verify', {})).toMatchObject({ ok: true, result: { ok: true } });
      // The new worker has no signed-in clerk: the window signs in again.
      expect(await host.call('backups.restore', { file: backupFile })).toMatchObject({ ok: false, error: { code: 'APPROVAL_REQUIRED' } });
      const list = await host.call('backups.list', {});
      expect((list as { result: { backups: Array<{ reason: string }> } }).result.backups.map((b) => b.reason)).toContain('pre-restore');

      // The replaced file (with the sale) is itself a backup that can be restored: nothing was lost.
      expect(await host.call('users.signIn', { name: 'Anna', pin: '1234' })).toMatchObject({ ok: true });
      expect(await host.call('backups.restore', { file: previous })).toMatchObject({ ok: true, result: { movements: 2 } });
      // This restore's walk, not the verify a manager ran in between.
      expect((await steps()).find((t) => t.task === 'verify')).toEqual({ task: 'verify', done: 2, total: 2 });
      expect(await host.call('stock.get', { sku: 'TEA' })).toMatchObject({ result: { onHand: 7 } });
    } finally {
      await host.close();
    }
  }, 60_000);

  it('an in-process host (the CLI) cannot replace the file it holds: it names the command to run with the app closed', async () => {
    const file = await shop();
    const host = new LedgerHost(file);
    try {
      const b = await host.run('backups.create', {});
      const r = await host.call('backups.restore', { file: b.file });
      expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
      expect(!r.ok && r.error.message).toContain(`restore ${b.file}`);
    } finally {
      host.close();
    }
  });
});

describe('restoring a backup on a PC that syncs (real HQ on loopback)', () => {
  it('the restored PC stops for divergence instead of pushing stale state; a manager recovers and HQ verifies', async () => {
    const { TestHq, branchPc } = await import('../sync/hqHarness');
    const hq = await TestHq.start('sqlite');
    const pc = await branchPc(hq, 'NORTH', { skus: ['TEA'] });
    await pc.host.run('setup.complete', { branch: { code: 'NORTH', name: 'North', timeZone: 'UTC' }, currency: 'EUR', locale: 'en-GB', manager: { name: 'Anna', pin: '1234' } });
    await pc.host.run('users.upsert', { name: 'Mia', pin: '1357', role: 'manager', actor: 'Anna' });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10 }], actor: 'ann' });
    await pc.host.run('sync.now', {});
    const file = pc.host.file;
    pc.host.close();

    const host = new WorkerHost(bundleScript('electron/worker/ledgerWorker.ts'), file);
    try {
      await host.ready;
      expect(await host.call('users.signIn', { name: 'Mia', pin: '1357' })).toMatchObject({ ok: true });
      const backupFile = ((await host.call('backups.create', {})) as { result: { file: string } }).result.file;
      // Work after the backup reaches HQ.
      expect(await host.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' })).toMatchObject({ ok: true });
      expect(await host.call('sync.now', {})).toMatchObject({ ok: true });
      const atHqBefore = (await hq.store.movements({ branch: 'NORTH' })).length;

      const restored = await host.call('backups.restore', { file: backupFile });
      expect(restored).toMatchObject({ ok: true, result: { syncs: true, movements: 1 } });
      // A sale on the restored file takes a sequence HQ already holds with another row.
      expect(await host.call('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' })).toMatchObject({ ok: true });
      expect(await host.call('sync.now', {})).toMatchObject({ ok: false, error: { code: 'DIVERGED' } });
      expect(await host.call('sync.status', {})).toMatchObject({ ok: true, result: { diverged: { hqSeq: 2 } } });
      // Nothing stale reached HQ.
      expect((await hq.store.movements({ branch: 'NORTH' })).length).toBe(atHqBefore);
      expect((await hq.store.quarantine()).length).toBe(0);

      expect(await host.call('users.signIn', { name: 'Mia', pin: '1357' })).toMatchObject({ ok: true });
      expect(await host.call('sync.recover', { actor: 'Mia' })).toMatchObject({ ok: true, result: { restored: 1, resent: 1 } });
      // HQ's sale came back, the post-restore sale went up under a fresh chain: 10 − 3 − 1.
      expect(await host.call('stock.get', { sku: 'TEA' })).toMatchObject({ result: { onHand: 6 } });
      expect(await host.call('ledger.verify', {})).toMatchObject({ ok: true, result: { ok: true } });
      expect((await hq.store.verifyChains()).ok).toBe(true);
      expect((await hq.store.movements({ branch: 'NORTH' })).length).toBe(atHqBefore + 1);
    } finally {
      await host.close();
    }
  }, 90_000);
});
