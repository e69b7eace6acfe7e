import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { syncEngineFor } from '../../electron/sync/registry';
import { SyncScheduler } from '../../electron/sync/scheduler';
import { isCompensation } from '../../shared/sync/conflicts';
import { heldAsHq, sameAsHq } from './convergenceView';
import { FaultProxy } from './faultProxy';
import { branchPc, eventually, FAST_SCHEDULER, STORE_KINDS, TestHq, type Pc } from './hqHarness';
import { rollBackLedger, snapshotLedger } from './rollback';

const SKUS = ['TEA', 'MUG', 'JAM', 'OIL'];
const DOCS_PER_PC = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A clerk at one till: receipts and sales (selling below zero is allowed on these tills). */
async function workShift(pc: Pc, seed: number): Promise<void> {
  for (let i = 0; i < DOCS_PER_PC; i++) {
    const sku = SKUS[(seed + i) % SKUS.length]!;
    const type = i % 3 === 2 ? 'sale' : 'receive';
    await pc.host.run('documents.record', { type, lines: [{ sku, qty: 1 + ((seed * 7 + i) % 5) }, { sku: SKUS[(seed + i + 1) % SKUS.length]!, qty: 1 }], actor: `clerk-${seed}` });
    // Now and then the clerk presses "Sync now" while the scheduler is also running: still one loop at a time.
    if (i % 10 === 5) void pc.host.call('sync.now', {});
    await sleep(15 + ((seed + i) % 4) * 10);
  }
}

/**
 * A till whose ledger file goes back in time in the middle of the run (a restored backup): it keeps
 * selling, sync stops with DIVERGED, a manager recovers it (retrying through the faults), and it
 * finishes its shift on the recovered chain.
 */
async function shiftWithRollback(pc: Pc, seed: number, hq: TestHq, sync: Record<string, number>, schedulers: SyncScheduler[]): Promise<{ diverged: boolean; recoverAttempts: number }> {
  const copy = join(pc.host.dir, 'before-rollback.sqlite');
  let headAtCopy = 0;
  let diverged = false;
  let recoverAttempts = 0;
  for (let i = 0; i < DOCS_PER_PC; i++) {
    if (i === 15) {
      await snapshotLedger(pc, copy);
      headAtCopy = (await pc.host.run('sync.status', {})).headSeq;
    }
    if (i === 30) {
      // HQ has rows of this till that the copy lacks; then the copy is put back.
      await eventually('rows after the copy reach HQ', () => hq.store.deviceAckedSeq(pc.host.ledger.deviceId), (n) => n > headAtCopy, 60_000);
      await schedulers[1]!.stop();
      rollBackLedger(pc, copy, sync);
      await pc.host.run('settings.set', { allowNegativeStock: true });
      schedulers[1] = new SyncScheduler(syncEngineFor(pc.host.ledger), FAST_SCHEDULER);
      schedulers[1].start();
    }
    if (i === 34) {
      await eventually('the rolled-back till notices', () => pc.host.run('sync.status', {}), (s) => s.diverged !== null, 60_000);
      diverged = true;
      for (;;) {
        recoverAttempts += 1;
        const r = await pc.host.call('sync.recover', { actor: 'manager' });
        if (r.ok) break;
        expect((await pc.host.run('sync.status', {})).diverged).not.toBeNull(); // a failed recovery changed nothing
        await sleep(100);
      }
    }
    const sku = SKUS[(seed + i) % SKUS.length]!;
    await pc.host.run('documents.record', { type: i % 3 === 2 ? 'sale' : 'receive', lines: [{ sku, qty: 1 + ((seed * 7 + i) % 5) }], actor: `clerk-${seed}` });
    await sleep(15 + ((seed + i) % 4) * 10);
  }
  return { diverged, recoverAttempts };
}

describe.each(STORE_KINDS)('convergence through a faulty network (%s)', (kind) => {
  it('HQ ends with exactly the union of every device\'s movements, chains intact, every cursor at its last sequence; offline conflicts and a rollback settle too', async () => {
    const hq = await TestHq.start(kind);
    const proxy = await new FaultProxy({
      upstreamPort: () => hq.port,
      seed: 20260314,
      rate: 0.3,
      weights: { dropMidRequest: 3, dropMidResponse: 3, delay: 2, timeout: 1, duplicate: 3, error500: 2, error500AfterCommit: 2, error503: 1, killHq: 1 },
      caps: { killHq: 3, error503: 4, timeout: 4 },
      delayMs: 150,
      timeoutDelayMs: 1_300,
      retryAfterSeconds: 1,
      paths: /^\/v1\/(push|pull|sync\/state|recover)/,
      killHq: () => hq.restart(),
    }).start();
    proxy.enabled = false;
    // Small batches so a shift's rows take many pushes, each a chance for a fault.
    const sync = { timeoutMs: 1_000, batchCount: 8, pullLimit: 16 };
    // Enrolment and the set-up rounds run with the default timeouts (a loaded machine can take over 1 s);
    // the short ones apply from when the faults start.
    const a1 = await branchPc(hq, 'A', { serverUrl: proxy.url, skus: SKUS });
    const a2 = await branchPc(hq, 'A', { serverUrl: proxy.url, skus: SKUS });
    const b1 = await branchPc(hq, 'B', { serverUrl: proxy.url, skus: SKUS });
    const b2 = await branchPc(hq, 'B', { serverUrl: proxy.url, skus: SKUS });
    const pcs = [a1, a2, b1, b2];
    for (const pc of pcs) await pc.host.run('settings.set', { allowNegativeStock: true });
    await a1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 50 }], actor: 'ann' });
    const wrongSale = await a1.host.run('documents.record', { type: 'sale', lines: [{ sku: 'JAM', qty: 4 }], actor: 'ann' });
    await a1.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'OIL', qty: 3 }, { sku: 'MUG', qty: 2 }], id: 'TR-TWICE', actor: 'ann' });
    for (const pc of [a1, a2, b1, b2]) await pc.host.run('sync.now', {});
    // Offline conflicts, settled under the faults below: both tills of A reverse the same sale, both of B receive one transfer.
    await a1.host.run('movements.reverse', { movementId: wrongSale.movements[0]!.id, reason: 'wrong item', actor: 'ann' });
    await a2.host.run('movements.reverse', { movementId: wrongSale.movements[0]!.id, reason: 'customer returned it', actor: 'al' });
    for (const pc of [b1, b2]) await pc.host.run('transfers.receive', { transferId: 'TR-TWICE', lines: [{ sku: 'OIL', received: 3 }, { sku: 'MUG', received: 2 }], actor: `bea-${pc === b1 ? 1 : 2}` });
    for (const pc of pcs) syncEngineFor(pc.host.ledger, sync);
    proxy.enabled = true;
    const schedulers = pcs.map((pc) => pc.startScheduler());

    // A transfer A → B goes through the faults too; B receives it as soon as it shows up.
    await a1.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 6 }], id: 'TR-FAULTY', actor: 'ann' });
    const receiveWhenInbound = (async () => {
      await eventually('transfer reaches B', () => b1.host.run('transfers.inbound', {}), (r) => r.rows.length === 1, 60_000);
      await b1.host.run('transfers.receive', { transferId: 'TR-FAULTY', lines: [{ sku: 'TEA', received: 5, note: 'one short' }], actor: 'bea' });
    })();
    const [, , , , rollback] = await Promise.all([workShift(a1, 1), workShift(b1, 3), workShift(b2, 4), receiveWhenInbound, shiftWithRollback(a2, 2, hq, sync, schedulers)]);
    expect(rollback.diverged).toBe(true);

    // Converged: HQ acknowledged each device's last row and each PC holds exactly HQ's rows of its branch.
    await eventually('all devices converge', async () => Promise.all(pcs.map(async (pc) => {
      const s = await pc.host.run('sync.status', {});
      const hqAcked = await hq.store.deviceAckedSeq(pc.host.ledger.deviceId);
      return s.pending === 0 && s.ackedSeq === s.headSeq && hqAcked === s.headSeq && s.diverged === null && sameAsHq(heldAsHq(pc), await hq.store.movements({ branch: pc.branch }));
    })), (ok) => ok.every(Boolean), 120_000);
    // The receipt travels after B's rows; A learns it on a later pull.
    await eventually('A sees the receipt', () => a2.host.run('transfers.list', {}), (r) => r.rows[0]?.status === 'received_with_discrepancy', 30_000);
    const stats = schedulers.map((s) => ({ ...s.stats }));
    for (const s of schedulers) await s.stop();
    await proxy.close();

    // Exactly the union, no duplicates: every device's own rows (the rolled-back till's old chain as HQ
    // holds it), and the compensations of the two offline conflicts, computed alike everywhere.
    const stored = await hq.store.movements({});
    const ids = stored.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const pc of pcs) expect(sameAsHq(heldAsHq(pc), stored.filter((m) => m.branch === pc.branch))).toBe(true);
    const compensations = stored.filter(isCompensation);
    expect(compensations.map((c) => c.branch).sort()).toEqual(['A', 'B', 'B']);
    expect((await hq.store.conflicts()).map((c) => c.rule).sort()).toEqual(['receipt', 'receipt', 'reversal']);
    const forked = await hq.store.forkState(a2.host.ledger.deviceId);
    expect(forked.forkedFrom).not.toBeNull();
    expect(await hq.store.quarantine()).toEqual([]);
    expect((await hq.store.verifyChains()).ok).toBe(true);
    for (const pc of pcs) {
      expect(await pc.host.run('ledger.verify', {})).toMatchObject({ ok: true });
      const s = await pc.host.run('sync.status', {});
      expect(s.ackedSeq).toBe(s.headSeq);
      expect(await hq.store.deviceAckedSeq(pc.host.ledger.deviceId)).toBe(s.headSeq);
    }
    // Every PC of a branch shows HQ's stock for that branch.
    for (const sku of SKUS) {
      const atHq = await hq.store.stock(sku);
      for (const pc of pcs) expect((await pc.host.run('stock.get', { sku })).onHand).toBe(atHq.find((b) => b.branch === pc.branch)!.onHand);
    }
    expect((await hq.store.transfers()).find((t) => t.id === 'TR-FAULTY')).toMatchObject({ status: 'received_with_discrepancy' });
    // The conflicts left the true stock: the sale reversed once, the transfer counted once.
    expect((await hq.store.stock('OIL')).find((b) => b.branch === 'B')!.onHand).toBe(3 + (await hq.store.movements({ branch: 'B' })).filter((m) => m.sku === 'OIL' && m.docType !== 'transfer').reduce((n, m) => n + m.onHandDelta, 0));

    // Every kind of fault was injected, and HQ was killed mid-push (restarted on the same store and port).
    for (const k of ['dropMidRequest', 'dropMidResponse', 'delay', 'timeout', 'duplicate', 'error500', 'error500AfterCommit', 'error503', 'killHq'] as const) expect(proxy.counts[k]).toBeGreaterThan(0);
    expect(hq.restarts).toBe(proxy.counts.killHq);
    console.log(`[convergence ${kind}] ${proxy.requests} requests, ${proxy.faults} faults injected: ${JSON.stringify(proxy.counts)}; HQ restarts ${hq.restarts}; `
      + `HQ rows ${stored.length}; recover attempts ${rollback.recoverAttempts}; scheduler rounds ${stats.map((s) => `${s.rounds} (${s.failures} failed)`).join(', ')}`);
  }, 180_000);
});
