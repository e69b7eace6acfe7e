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
