import { describe, expect, it } from 'vitest';
import { WorkerHost } from '../../electron/host/workerHost';
import { bundleScript } from '../helpers/bundleScript';
import { tempHost } from '../helpers/tempLedger';

describe('the ledger worker thread', () => {
  it('runs commands off the calling thread, which stays responsive during long work', async () => {
    const seed = tempHost();
    const items = 300;
    for (let i = 0; i < items; i++) await seed.run('items.upsert', { sku: `S${i}`, name: `Item ${i}` });
    for (let b = 0; b < 10; b++) {
      const lines = Array.from({ length: 5000 }, (_, i) => ({ type: 'receive' as const, sku: `S${(b * 5000 + i) % items}`, qty: 1, occurredAt: new Date(Date.parse('2026-01-01T00:00:00Z') + (b * 5000 + i) * 60_000).toISOString() }));
      await seed.run('documents.import', { id: `seed-${b}`, lines, actor: 'seed' });
    }
    seed.close();

    const progress: string[] = [];
    const host = new WorkerHost(bundleScript('electron/worker/ledgerWorker.ts'), seed.file, (e) => progress.push(`${e.task}:${e.done}/${e.total}`));
    try {
      await host.ready;
      let ticks = 0;
      const timer = setInterval(() => ticks++, 1);
      const verify = await host.call('ledger.verify', {});
      clearInterval(timer);
      expect(verify).toMatchObject({ ok: true, result: { ok: true, movements: 50_000 } });
      // The event loop kept running while the worker hashed 50,000 rows.
      expect(ticks).toBeGreaterThan(5);
      expect(progress.at(-1)).toBe('verify:50000/50000');
      expect(await host.call('app.progress', {})).toMatchObject({ ok: true, result: { tasks: [{ task: 'verify', done: 50_000, total: 50_000 }] } });
      expect(await host.call('stock.get', { sku: 'S7' })).toMatchObject({ ok: true, result: { onHand: Math.ceil((50_000 - 7) / items) } });
      expect(await host.call('stock.get', { sku: 7 })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    } finally {
      await host.close();
    }
  });
});
