import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { dailyBackupIfDue, listBackups } from '../../electron/safety/backup';
import { runCli } from '../helpers/cli';
import { tempDir, tempHost } from '../helpers/tempLedger';

const onHand = async (host: LedgerHost, sku: string) => (await host.run('stock.get', { sku })).onHand;

describe('backups on the PC', () => {
  it('a manual backup goes to the configured folder; the daily one is taken once a day and rotated', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'A', name: 'Apple' });
    const usb = join(tempDir(), 'usb-stick');
    expect(await host.run('backups.setFolder', { folder: usb })).toEqual({ folder: usb });
    const b = await host.run('backups.create', {});
    expect(b.file.startsWith(usb)).toBe(true);
    expect(b.reason).toBe('manual');
    const day = Date.parse('2026-03-01T08:00:00Z');
    expect(await dailyBackupIfDue(host.ledger, day)).not.toBeNull();
    expect(await dailyBackupIfDue(host.ledger, day + 3600_000)).toBeNull();
    for (let d = 1; d <= 20; d++) await dailyBackupIfDue(host.ledger, day + d * 86_400_000);
    const list = await host.run('backups.list', {});
    expect(list.folder).toBe(usb);
    expect(list.backups.filter((x) => x.reason === 'daily')).toHaveLength(14);
    expect(list.backups.filter((x) => x.reason === 'manual')).toHaveLength(1);
    const refused = await host.call('backups.setFolder', { folder: join(host.file, 'not-a-folder') }); // under a file: cannot exist
    expect(refused.ok).toBe(false);
  });

  it('backup --out, work, restore FILE: the file goes back to the backup, the replaced one is kept, verify is ok', async () => {
    const dir = tempDir();
    const db = join(dir, 'shop.sqlite');
    expect(runCli(['--db', db, 'call', 'items.upsert', '{"sku":"A","name":"Apple"}']).status).toBe(0);
    expect(runCli(['--db', db, 'receive', 'A', '10']).status).toBe(0);
    const out = join(dir, 'before-the-sale.sqlite');
    const backedUp = runCli(['--db', db, 'backup', '--out', out]);
    expect(backedUp.status).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(runCli(['--db', db, 'sell', 'A', '3']).status).toBe(0);
    const restored = runCli(['--db', db, 'restore', out]);
    expect(restored.status).toBe(0);
    expect(restored.json).toMatchObject({ movements: 1 });
    const host = new LedgerHost(db);
    try {
      expect(await onHand(host, 'A')).toBe(10);
      expect((await host.run('ledger.verify')).ok).toBe(true);
      expect(listBackups(db, host.ledger.db).map((b) => b.reason)).toContain('pre-restore');
    } finally {
      host.close();
    }
  });

  it('refuses to restore something that is not a good backup, changing nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'shop.sqlite');
    runCli(['--db', db, 'call', 'items.upsert', '{"sku":"A","name":"Apple"}']);
    runCli(['--db', db, 'receive', 'A', '4']);
    const junk = join(dir, 'junk.sqlite');
    new Database(junk).exec('CREATE TABLE x (a)');
    const r = runCli(['--db', db, 'restore', junk]);
    expect(r.status).toBe(2);
    expect((r.json as { error: { message: string } }).error.message).toMatch(/no ledger in it/);
    const host = new LedgerHost(db);
    try { expect(await onHand(host, 'A')).toBe(4); } finally { host.close(); }
  });
});
