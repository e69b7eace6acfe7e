import { WorkerHost } from '../../electron/host/workerHost';
import { listBackups } from '../../electron/safety/backup';
import { atMost, latencyFigure, summarise, timeEach } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

/**
 * The same point reads through the worker thread the Electron main process talks to (postMessage both
 * ways). A worker that opens a file with no daily backup yet takes one at start, stepping between
 * commands (safety/backup.ts): reads during it are their own row, and the steady-state rows are
 * measured after it, as a clerk's day is.
 */
export async function workerSections(ctx: CoreContext): Promise<Figure[]> {
  // The start-up backup reports no progress: it is done when its file appears (written under a temporary name, renamed whole).
  const dailyBefore = dailyBackups(ctx).length;
  const startedAt = performance.now();
  const worker = new WorkerHost(ctx.workerFile, ctx.ledgerFile);
  await worker.ready;
  try {
    const call = async (payload: unknown) => {
      const outcome = await worker.call('stock.get', payload);
      if (!outcome.ok) throw new Error(`stock.get via worker failed: ${outcome.error.message}`);
    };
    const figures: Figure[] = [];
    if (dailyBefore === 0) {
      const during: number[] = [];
      while (dailyBackups(ctx).length === 0 && performance.now() - startedAt < 900_000) {
        const t0 = performance.now();
        await call({ sku: ctx.randomSku() });
        during.push(performance.now() - t0);
      }
      figures.push({ id: 'worker.startupBackup', name: 'daily backup the worker takes at start (whole file, in steps between commands)', unit: 's', value: (performance.now() - startedAt) / 1000, samples: 1 });
      if (during.length > 0) figures.push(latencyFigure('worker.stock.get.duringBackup', 'stock.get now, through the worker while that backup runs', summarise(during)));
    }
    const iso = (ms: number) => new Date(ms).toISOString();
    const n = ctx.samples(5000);
    const now = await timeEach(n, () => call({ sku: ctx.randomSku() }), 200, (d) => ctx.progress('worker stock.get', d, n));
    const asOf = await timeEach(n, () => call({ sku: ctx.randomSku(), asOf: iso(ctx.randomPastInstant()) }), 200);
    const believed = await timeEach(n, () => call({ sku: ctx.randomSku(), believedAt: iso(ctx.randomPastInstant()) }), 200);
    return [
      latencyFigure('worker.stock.get.now', 'stock.get now, through the worker round trip', now, { target: atMost(1) }),
      latencyFigure('worker.stock.get.asOf', 'stock.get asOf, through the worker round trip', asOf, { target: atMost(1) }),
      latencyFigure('worker.stock.get.believedAt', 'stock.get believedAt, through the worker round trip', believed, { target: atMost(1) }),
      ...figures,
    ];
  } finally {
    await worker.close();
  }
}

const dailyBackups = (ctx: CoreContext) => listBackups(ctx.ledgerFile, ctx.host.ledger.db).filter((b) => b.reason === 'daily');
