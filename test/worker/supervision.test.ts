import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { WorkerHost } from '../../electron/host/workerHost';
import { WorkerStartupError } from '../../electron/host/startupProblem';
import { bundleScript } from '../helpers/bundleScript';
import { seedItems, tempHost } from '../helpers/tempLedger';

const crashable = () => bundleScript('test/worker/fixtures/crashableWorker.ts');

async function stockedLedger(): Promise<string> {
  const seed = tempHost();
  await seedItems(seed, ['A']);
  await seed.run('documents.record', { type: 'receive', id: 'R-1', lines: [{ sku: 'A', qty: 10, unitCost: 100 }], actor: 'ann' });
  seed.close();
  return seed.file;
}

describe('WorkerHost supervising the ledger worker', () => {
  it('settles every pending call when the worker dies, restarts it, and keeps serving the same ledger', async () => {
    const file = await stockedLedger();
    const restarts: number[] = [];
    const host = new WorkerHost(crashable(), file, { onRestart: (e) => restarts.push(e.exitCode) });
    try {
      await host.ready;
      const before = [host.call('stock.get', { sku: 'A' }), host.call('stock.list', {})];
      const crash = host.call('test.crash', {});
      const after = host.call('stock.get', { sku: 'A' });
      expect(await crash).toMatchObject({ ok: false, error: { code: 'LEDGER_RESTARTED' } });
      // Each call in flight settles: answered before the death, or told it may not have happened.
      for (const o of await Promise.all([...before, after])) {
        expect(o.ok || (o as { error: { code: string } }).error.code === 'LEDGER_RESTARTED').toBe(true);
      }
      expect(restarts).toEqual([7]);
      expect(host.restarts).toBe(1);
      expect(await host.call('stock.get', { sku: 'A' })).toMatchObject({ ok: true, result: { onHand: 10 } });
      expect(await host.call('documents.record', { type: 'sale', id: 'S-1', lines: [{ sku: 'A', qty: 3 }], actor: 'ann' })).toMatchObject({ ok: true });
    } finally {
      await host.close();
    }
    const db = new Database(file, { readonly: true });
    expect(db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(2);
    db.close();
  });

  it('gives up on a worker that keeps dying, and close() still returns after it is gone', async () => {
    const file = await stockedLedger();
    const host = new WorkerHost(crashable(), file, { maxRestartsPerMinute: 1 });
    await host.ready;
    expect(await host.call('test.crash', {})).toMatchObject({ ok: false, error: { code: 'LEDGER_RESTARTED' } });
    expect(await host.call('test.crash', {})).toMatchObject({ ok: false, error: { code: 'LEDGER_RESTARTED' } });
    expect(host.problem).toMatchObject({ kind: 'crashing', file });
    expect(await host.call('stock.get', { sku: 'A' })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('keeps stopping') } });
    await host.close();
    await host.close();
    expect(await host.call('stock.get', { sku: 'A' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('close() waits for the worker to close the ledger, and calls after it are refused', async () => {
    const file = await stockedLedger();
    const host = new WorkerHost(crashable(), file);
    await host.ready;
    await host.close();
    // The worker closed the ledger: the WAL was checkpointed away and the file is free for another writer.
    const db = new Database(file);
    expect(db.prepare('SELECT count(*) FROM movements').pluck().get()).toBe(1);
    db.close();
    expect(await host.call('stock.get', { sku: 'A' })).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  it('refuses a ledger written by a newer app version with a start-up problem naming the file, and changes nothing', async () => {
    const file = await stockedLedger();
    const db = new Database(file);
    db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(9_999, 'from the future', 0);
    const schemaBefore = db.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all();
    db.close();
    const restarts: number[] = [];
    const host = new WorkerHost(crashable(), file, { onRestart: (e) => restarts.push(e.exitCode) });
    const err = await host.ready.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerStartupError);
    expect((err as WorkerStartupError).problem).toMatchObject({ kind: 'newer-version', file, title: expect.stringContaining('newer version') });
    expect(host.problem?.detail).toContain('9999');
    expect(await host.call('stock.get', { sku: 'A' })).toMatchObject({ ok: false, error: { code: 'INTERNAL', message: expect.stringContaining('newer version') } });
    await host.close();
    expect(restarts).toEqual([]);
    const after = new Database(file, { readonly: true });
    expect(after.prepare('SELECT version FROM schema_migrations ORDER BY version').pluck().all()).toEqual(schemaBefore);
    after.close();
  });

  it('names a ledger locked by another program as such (after the busy timeout), and close() returns', async () => {
    const file = await stockedLedger();
    const other = new Database(file);
    other.exec('BEGIN EXCLUSIVE'); // another program holds the write lock and does not let go
    try {
      const host = new WorkerHost(crashable(), file);
      const err = await host.ready.then(() => null, (e: unknown) => e);
      expect((err as WorkerStartupError).problem).toMatchObject({ kind: 'locked', file, title: 'The ledger file is in use by another program.' });
      expect(host.problem?.detail).toMatch(/^SQLITE_BUSY/);
      await host.close();
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
  }, 60_000);
});
