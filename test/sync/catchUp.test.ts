import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../shared/contract';
import { syncEngineFor } from '../../electron/sync/registry';
import { branchPc, STORE_KINDS, TestHq } from './hqHarness';

const BACKLOG = 100_000;
const IMPORT_BATCH = 50_000;

describe.each(STORE_KINDS)('a branch offline for weeks (%s)', (kind) => {
  it(`catches up ${BACKLOG.toLocaleString('en')} pending movements in capped batches, with progress`, async () => {
    const hq = await TestHq.start(kind);
    const pc = await branchPc(hq, 'WEST', { skus: ['TEA', 'MUG', 'JAM'], sync: { timeoutMs: 30_000 } });
    const t0 = Date.now();
    const skus = ['TEA', 'MUG', 'JAM'];
    // Weeks of receipts and sales, recorded with business times spread over 21 days.
    const start = Date.now() - 21 * 86_400_000;
    for (let b = 0; b < BACKLOG / IMPORT_BATCH; b++) {
      await pc.host.run('documents.import', {
        id: `weeks-${b}`, actor: 'ann',
        lines: Array.from({ length: IMPORT_BATCH }, (_, i) => {
          const n = b * IMPORT_BATCH + i;
          return { type: n % 3 === 2 ? 'sale' as const : 'receive' as const, sku: skus[Math.floor(n / 3) % 3]!, qty: 1 + (n % 4), occurredAt: new Date(start + n * 18_000).toISOString() };
        }),
      });
    }
    const generatedMs = Date.now() - t0;
    expect((await pc.host.run('sync.status', {})).pending).toBe(BACKLOG);

    const events: ProgressEvent[] = [];
    const seenWhileRunning: number[] = [];
    const engine = syncEngineFor(pc.host.ledger);
    const t1 = Date.now();
    const round = engine.round((e) => events.push(e));
    // The status answers while the backlog drains (the round yields between batches).
    while (engine.running) {
      const s = await pc.host.run('sync.status', {});
      if (s.progress) seenWhileRunning.push(s.progress.pushed);
      await new Promise((r) => setTimeout(r, 200));
    }
    const result = await round;
    const pushMs = Date.now() - t1;

    expect(result).toMatchObject({ pushed: BACKLOG, pending: 0, duplicates: 0, quarantined: 0 });
    expect(result.batches).toBeGreaterThanOrEqual(BACKLOG / 1000);
    expect(events.length).toBeGreaterThan(BACKLOG / 1000);
    expect(events.at(-1)).toMatchObject({ task: 'sync', done: BACKLOG, total: BACKLOG });
    for (let i = 1; i < events.length; i++) expect(events[i]!.done).toBeGreaterThanOrEqual(events[i - 1]!.done);
    expect(seenWhileRunning.length).toBeGreaterThan(0);
    expect(seenWhileRunning.some((p) => p > 0 && p < BACKLOG)).toBe(true);
    expect(await hq.store.deviceAckedSeq(pc.host.ledger.deviceId)).toBe(BACKLOG);
    const status = await pc.host.run('sync.status', {});
    expect(status).toMatchObject({ pending: 0, ackedSeq: BACKLOG, headSeq: BACKLOG });
    for (const sku of skus) {
      expect((await hq.store.stock(sku)).find((s) => s.branch === 'WEST')!.onHand).toBe((await pc.host.run('stock.get', { sku })).onHand);
    }
    console.log(`[catch-up ${kind}] generated ${BACKLOG} movements in ${generatedMs} ms; pushed in ${result.batches} batches in ${pushMs} ms = ${Math.round(BACKLOG / (pushMs / 1000))} movements/s; progress events ${events.length}`);
  }, 180_000);
});
