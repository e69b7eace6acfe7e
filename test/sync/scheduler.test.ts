import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { SyncScheduler } from '../../electron/sync/scheduler';
import { syncEngineFor } from '../../electron/sync/registry';
import { seedItems, tempHost } from '../helpers/tempLedger';
import { FaultProxy } from './faultProxy';
import { branchPc, eventually, FAST_SCHEDULER, FAST_SYNC, TestHq } from './hqHarness';

const pushes = (p: FaultProxy) => p.arrivals.filter((a) => a.path.startsWith('/v1/push'));

describe('the sync scheduler', () => {
  it('syncs on start and on its timer with no local writes, so inbound transfers arrive by themselves', async () => {
    const hq = await TestHq.start('sqlite');
    const a = await branchPc(hq, 'A', { skus: ['TEA'] });
    const b = await branchPc(hq, 'B');
    b.startScheduler({ intervalMs: 150 });
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    await a.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 2 }], id: 'TR-T', actor: 'ann' });
    await a.host.run('sync.now', {});
    // B records nothing: only the timer can bring the transfer in.
    const inbound = await eventually('inbound transfer', () => b.host.run('transfers.inbound', {}), (r) => r.rows.length === 1, 10_000);
    expect(inbound.rows[0]!.id).toBe('TR-T');
    expect((await b.host.run('sync.status', {})).lastSuccessAt).not.toBeNull();
  });

  it('pushes soon after a write (from this process or another, e.g. the CLI) without waiting for the timer', async () => {
    const hq = await TestHq.start('sqlite');
    const pc = await branchPc(hq, 'A', { skus: ['TEA'] });
    pc.startScheduler({ intervalMs: 60_000, afterWriteMs: 10, watchMs: 30 });
    await eventually('first round done', () => pc.host.run('sync.status', {}), (s) => s.lastSuccessAt !== null, 5_000);
    const before = Date.now();
    // Another connection on the same file, as the CLI would be.
    const cli = new LedgerHost(pc.host.file);
    await cli.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    cli.close();
    await eventually('row at HQ', () => hq.store.movements({ branch: 'A' }), (rows) => rows.length === 1, 5_000);
    expect(Date.now() - before).toBeLessThan(5_000);
  });

  it('sync.status shows what the scheduler is doing and what it decided lately (why a write went, or did not)', async () => {
    const hq = await TestHq.start('sqlite');
    const pc = await branchPc(hq, 'A', { skus: ['TEA'] });
    const other = await branchPc(hq, 'B');
    pc.startScheduler({ intervalMs: 60_000, afterWriteMs: 10, watchMs: 30 });
    await eventually('first round done', () => pc.host.run('sync.status', {}), (s) => s.lastSuccessAt !== null, 5_000);
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    await eventually('row at HQ', () => pc.host.run('sync.status', {}), (s) => s.pending === 0 && s.scheduler?.recent[0]?.event.startsWith('round done') === true, 5_000);
    const { scheduler } = await pc.host.run('sync.status', {});
    expect(scheduler).toMatchObject({ roundInFlight: false, roundAfterThis: false, backingOffUntil: null, failuresInARow: 0, lastHeadSeen: 1, stopped: false });
    expect(scheduler!.rounds).toBeGreaterThanOrEqual(2);
    // The next round is the periodic one, about a minute away.
    expect(Date.parse(scheduler!.timerDueAt!) - Date.now()).toBeGreaterThan(50_000);
    // Newest first: the round the write caused, after the watcher saw the row and the wake armed the timer.
    const events = scheduler!.recent.map((e) => e.event);
    const at = (prefix: string) => events.findIndex((e) => e.startsWith(prefix));
    expect(events[0]).toBe('round done: next in 60000 ms');
    expect(at('round starts')).toBeGreaterThan(0);
    expect(at('wake (write): round in 10 ms')).toBeGreaterThan(at('round starts'));
    expect(at('new rows of this PC: no. 0 -> 1, HQ holds up to 0')).toBeGreaterThan(at('wake (write)'));
    expect(at('started')).toBe(events.length - 1);
    // A process without a scheduler (the CLI, a script) has nothing to say about one.
    expect((await other.host.run('sync.status', {})).scheduler).toBeNull();
  });

  it('backs off while HQ is down, then catches up by itself when HQ is back (reconnect)', async () => {
    const hq = await TestHq.start('sqlite');
    const proxy = await new FaultProxy({ upstreamPort: () => hq.port, seed: 1, rate: 0, weights: {} }).start();
    const pc = await branchPc(hq, 'A', { skus: ['TEA'], serverUrl: proxy.url });
    await hq.stop();
    const scheduler = pc.startScheduler({ baseMs: 50, capMs: 400 });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    await eventually('offline noticed', () => pc.host.run('sync.status', {}), (s) => s.online === false && s.nextAttemptAt !== null, 5_000);
    await eventually('several attempts', () => scheduler.stats.failures, (n) => n >= 3, 5_000);
    const status = await pc.host.run('sync.status', {});
    expect(status).toMatchObject({ online: false, pending: 1 });
    expect(status.lastError).toMatch(/cannot be reached/);

    await hq.restart();
    await eventually('caught up after reconnect', () => pc.host.run('sync.status', {}), (s) => s.online === true && s.pending === 0, 5_000);
    expect(await hq.store.movements({ branch: 'A' })).toHaveLength(1);
    await proxy.close();
  });

  it('waits at least as long as HQ\'s Retry-After on a 503', async () => {
    const hq = await TestHq.start('sqlite');
    const proxy = await new FaultProxy({ upstreamPort: () => hq.port, seed: 7, rate: 1, weights: { error503: 1 }, caps: { error503: 2 }, retryAfterSeconds: 1, paths: /^\/v1\/sync\/state/ }).start();
    const pc = await branchPc(hq, 'A', { skus: ['TEA'], serverUrl: proxy.url });
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    const scheduler = pc.startScheduler({ baseMs: 10, capMs: 50 });
    await eventually('pushed after the 503s', () => hq.store.movements({ branch: 'A' }), (rows) => rows.length === 1, 10_000);
    const states = proxy.arrivals.filter((a) => a.path.startsWith('/v1/sync/state')).map((a) => a.at);
    expect(proxy.counts.error503).toBe(2);
    expect(states.length).toBeGreaterThanOrEqual(3);
    // The backoff alone would retry within 50 ms; Retry-After: 1 holds each retry back a second.
    expect(states[1]! - states[0]!).toBeGreaterThanOrEqual(950);
    expect(states[2]! - states[1]!).toBeGreaterThanOrEqual(950);
    expect(scheduler.stats.retryAfterHonoured).toBe(2);
    await proxy.close();
  });

  it('a "Sync now" that succeeds ends a backoff: a sale recorded then reaches HQ in seconds, not at the retry', async () => {
    const hq = await TestHq.start('sqlite');
    const proxy = await new FaultProxy({ upstreamPort: () => hq.port, seed: 1, rate: 0, weights: {} }).start();
    const pc = await branchPc(hq, 'A', { skus: ['TEA'], serverUrl: proxy.url });
    await hq.stop();
    // The first failure backs off for the whole ceiling: 20 s.
    const scheduler = pc.startScheduler({ intervalMs: 60_000, afterWriteMs: 10, watchMs: 30, baseMs: 20_000, capMs: 60_000, random: () => 0.999 });
    await eventually('offline noticed', () => scheduler.stats.failures, (n) => n >= 1, 5_000);
    await hq.restart();
    await pc.host.run('sync.now', {});
    const before = Date.now();
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    await eventually('row at HQ', () => hq.store.movements({ branch: 'A' }), (rows) => rows.length === 1, 5_000);
    expect(Date.now() - before).toBeLessThan(5_000);
    expect((await pc.host.run('sync.status', {})).scheduler?.recent.map((e) => e.event)).toContainEqual(expect.stringMatching(/^a round run by a command succeeded: backoff over/));
    await proxy.close();
  });

  it('a row written after the start-up round but before the watcher\'s first look goes by itself', async () => {
    const hq = await TestHq.start('sqlite');
    const pc = await branchPc(hq, 'A', { skus: ['TEA'] });
    // The watcher's first look comes 1.5 s after start; the periodic round a minute later.
    pc.startScheduler({ intervalMs: 60_000, afterWriteMs: 10, watchMs: 1_500 });
    await eventually('start-up round done', () => pc.host.run('sync.status', {}), (s) => s.lastSuccessAt !== null, 5_000);
    await pc.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    await eventually('row at HQ', () => hq.store.movements({ branch: 'A' }), (rows) => rows.length === 1, 5_000);
  });

  it('starts syncing by itself when another process (the CLI) connects the PC to HQ', async () => {
    const hq = await TestHq.start('sqlite');
    const app = tempHost();
    syncEngineFor(app.ledger, FAST_SYNC);
    await seedItems(app, ['TEA']);
    await app.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 3 }], actor: 'ann' });
    const scheduler = new SyncScheduler(syncEngineFor(app.ledger), { ...FAST_SCHEDULER, intervalMs: 60_000, watchMs: 30 });
    scheduler.start();
    try {
      // Not connected: the scheduler is idle. The CLI enrols the PC on the same file.
      await eventually('idle', () => app.run('sync.status', {}), (s) => s.scheduler?.recent[0]?.event.startsWith('timer: not connected') === true, 5_000);
      const cli = new LedgerHost(app.file);
      await cli.run('sync.configure', { serverUrl: hq.url, enrollmentCode: await hq.enrollmentCode('A') });
      cli.close();
      await eventually('row at HQ', () => hq.store.movements({ branch: 'A' }), (rows) => rows.length === 1, 5_000);
    } finally {
      await scheduler.stop();
    }
  });

  it('runs one loop at a time: the scheduler and repeated "Sync now" never overlap requests', async () => {
    const hq = await TestHq.start('sqlite');
    const proxy = await new FaultProxy({ upstreamPort: () => hq.port, seed: 3, rate: 1, weights: { delay: 1 }, delayMs: 20 }).start();
    const pc = await branchPc(hq, 'A', { skus: ['TEA'], serverUrl: proxy.url, sync: { batchCount: 5 } });
    await pc.host.run('documents.import', { id: 'many', actor: 'ann', lines: Array.from({ length: 40 }, () => ({ type: 'receive' as const, sku: 'TEA', qty: 1 })) });
    pc.startScheduler({ afterWriteMs: 0 });
    const rounds = await Promise.all(Array.from({ length: 5 }, () => pc.host.run('sync.now', {})));
    await eventually('all pushed', () => pc.host.run('sync.status', {}), (s) => s.pending === 0, 10_000);
    expect(proxy.maxInFlight).toBe(1);
    expect(rounds.reduce((n, r) => n + r.pushed, 0)).toBeLessThanOrEqual(40);
    expect(pushes(proxy).length).toBeGreaterThanOrEqual(8);
    expect(await hq.store.movements({ branch: 'A' })).toHaveLength(40);
    await proxy.close();
  });
});
