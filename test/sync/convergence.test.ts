import { describe, expect, it } from 'vitest';
import { call, enroll, FakeDevice } from '../server/helpers/hq';
import { FaultProxy } from './faultProxy';
import { branchPc, eventually, STORE_KINDS, TestHq, type Pc } from './hqHarness';
import { plantItem } from './plant';

const SKUS = ['TEA', 'MUG', 'JAM', 'OIL'];
const DOCS_PER_PC = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries an action against HQ while the fault run kills and restarts it. */
async function untilDone<T>(what: string, action: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await action();
    } catch (err) {
      if (i > 200) throw new Error(`${what}: ${(err as Error).message}`);
      await sleep(50);
    }
  }
}

/**
 * Poison in the middle of the faults (issue 12): a catalogue entry no PC can store (what an older HQ let
 * in), and a device of branch A pushing rows HQ must quarantine between good rows, through the same faults.
 */
async function poison(hq: TestHq, url: string): Promise<{ deviceId: string; good: number }> {
  await sleep(400);
  await untilDone('plant the poison item', () => plantItem(hq.store, 'POISON', 'N'.repeat(240)));
  const { token, deviceId } = await untilDone('enroll the scanner', () => enroll(hq.store, url, 'A'));
  const dev = new FakeDevice(deviceId, 'A');
  const rows = [dev.next({ sku: 'TEA', qty: 2 }), dev.next({ sku: 'TEA', note: 'nul \u0000 in a note' }), dev.next({ sku: 'JAM', kind: 'sale', qty: -50, onHandDelta: 50 }), dev.next({ sku: 'JAM', qty: 3 })];
  await untilDone('push the poisoned batch', async () => {
    const res = await call(url, 'POST', '/v1/push', { token, body: { deviceId, movements: rows } });
    if (res.status !== 200) throw new Error(`push answered ${res.status}`);
  });
  return { deviceId, good: 2 };
}

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

describe.each(STORE_KINDS)('convergence through a faulty network (%s)', (kind) => {
  it('HQ ends with exactly the union of every device\'s movements, chains intact, every cursor at its last sequence', async () => {
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
      paths: /^\/v1\/(push|pull|sync\/state)/,
      killHq: () => hq.restart(),
    }).start();
    proxy.enabled = false;
    // Small batches so a shift's rows take many pushes, each a chance for a fault.
    const sync = { timeoutMs: 1_000, batchCount: 8, pullLimit: 16 };
    const a1 = await branchPc(hq, 'A', { serverUrl: proxy.url, skus: SKUS, sync });
    const a2 = await branchPc(hq, 'A', { serverUrl: proxy.url, skus: SKUS, sync });
    const b1 = await branchPc(hq, 'B', { serverUrl: proxy.url, skus: SKUS, sync });
    const pcs = [a1, a2, b1];
    for (const pc of pcs) await pc.host.run('settings.set', { allowNegativeStock: true });
    await a1.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 50 }], actor: 'ann' });
    proxy.enabled = true;
    const schedulers = pcs.map((pc) => pc.startScheduler());

    // A transfer A → B goes through the faults too; B receives it as soon as it shows up.
    await a1.host.run('transfers.send', { toBranch: 'B', lines: [{ sku: 'TEA', qty: 6 }], id: 'TR-FAULTY', actor: 'ann' });
    const receiveWhenInbound = (async () => {
      await eventually('transfer reaches B', () => b1.host.run('transfers.inbound', {}), (r) => r.rows.length === 1, 60_000);
      await b1.host.run('transfers.receive', { transferId: 'TR-FAULTY', lines: [{ sku: 'TEA', received: 5, note: 'one short' }], actor: 'bea' });
    })();
    const [scanner] = await Promise.all([poison(hq, proxy.url), workShift(a1, 1), workShift(a2, 2), workShift(b1, 3), receiveWhenInbound]);

    // Converged: HQ acknowledged each device's last row and each PC has pulled all of its branch.
    const branchRows = async (branch: string) => (await hq.store.movements({ branch })).length;
    await eventually('all devices converge', async () => Promise.all(pcs.map(async (pc) => {
      const s = await pc.host.run('sync.status', {});
      const hqAcked = await hq.store.deviceAckedSeq(pc.host.ledger.deviceId);
      const ledgerRows = (await pc.host.run('app.status', {})).movements;
      return s.pending === 0 && s.ackedSeq === s.headSeq && hqAcked === s.headSeq && ledgerRows === (await branchRows(pc.branch));
    })), (ok) => ok.every(Boolean), 90_000);
    // The receipt travels after B's rows; A learns it on a later pull.
    await eventually('A sees the receipt', () => a2.host.run('transfers.list', {}), (r) => r.rows[0]?.status === 'received_with_discrepancy', 30_000);
    await eventually('every PC reported the parked item to HQ', async () => new Set((await hq.store.parkedReports()).map((p) => p.deviceId)).size, (n) => n === pcs.length, 30_000);
    const stats = schedulers.map((s) => ({ ...s.stats }));
    for (const s of schedulers) await s.stop();
    await proxy.close();

    // Exactly the union, no duplicates.
    const stored = await hq.store.movements({});
    const ids = stored.map((m) => m.id);
    expect(new Set(ids).size).toBe(ids.length);
    const own = new Map<string, string>();
    // The scanner's two good rows are at HQ and on branch A's PCs; its two poisoned rows are quarantined.
    for (const m of stored.filter((r) => r.deviceId === scanner.deviceId)) own.set(m.id, m.hash);
    expect(own.size).toBe(scanner.good);
    for (const pc of pcs) {
      for (const row of pc.host.ledger.db.prepare(`SELECT id, hash FROM movements WHERE device_id = ?`).all(pc.host.ledger.deviceId) as Array<{ id: string; hash: string }>) own.set(row.id, row.hash);
    }
    expect(own.size).toBe(stored.length);
    for (const m of stored) expect(own.get(m.id)).toBe(m.hash);
    expect((await hq.store.quarantine()).map((q) => [q.deviceId, q.deviceSeq])).toEqual([[scanner.deviceId, 2], [scanner.deviceId, 3]]);
    expect((await hq.store.verifyChains()).ok).toBe(true);
    for (const pc of pcs) {
      // Verified across the scanner's quarantined rows; the poison item parked on every PC and reported to HQ.
      expect(await pc.host.run('ledger.verify', {})).toMatchObject({ ok: true });
      expect((await pc.host.run('sync.parked', {})).rows).toEqual([expect.objectContaining({ kind: 'item', key: 'POISON', appliedAt: null })]);
      await expect(pc.host.run('items.get', { sku: 'POISON' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
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
    expect(new Set((await hq.store.parkedReports()).filter((p) => p.key === 'POISON').map((p) => p.deviceId))).toEqual(new Set(pcs.map((pc) => pc.host.ledger.deviceId)));

    // Every kind of fault was injected, and HQ was killed mid-push (restarted on the same store and port).
    for (const k of ['dropMidRequest', 'dropMidResponse', 'delay', 'timeout', 'duplicate', 'error500', 'error500AfterCommit', 'error503', 'killHq'] as const) expect(proxy.counts[k]).toBeGreaterThan(0);
    expect(hq.restarts).toBe(proxy.counts.killHq);
    console.log(`[convergence ${kind}] ${proxy.requests} requests, ${proxy.faults} faults injected: ${JSON.stringify(proxy.counts)}; HQ restarts ${hq.restarts}; `
      + `HQ rows ${stored.length}; scheduler rounds ${stats.map((s) => `${s.rounds} (${s.failures} failed)`).join(', ')}`);
  }, 180_000);
});
