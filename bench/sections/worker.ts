import { WorkerHost } from '../../electron/host/workerHost';
import { atMost, latencyFigure, timeEach } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

/** The same point reads through the worker thread the Electron main process talks to (postMessage both ways). */
export async function workerSections(ctx: CoreContext): Promise<Figure[]> {
  const worker = new WorkerHost(ctx.workerFile, ctx.ledgerFile);
  await worker.ready;
  try {
    const call = async (payload: unknown) => {
      const outcome = await worker.call('stock.get', payload);
      if (!outcome.ok) throw new Error(`stock.get via worker failed: ${outcome.error.message}`);
    };
    const iso = (ms: number) => new Date(ms).toISOString();
    const n = ctx.samples(5000);
    const now = await timeEach(n, () => call({ sku: ctx.randomSku() }), 200, (d) => ctx.progress('worker stock.get', d, n));
    const asOf = await timeEach(n, () => call({ sku: ctx.randomSku(), asOf: iso(ctx.randomPastInstant()) }), 200);
    const believed = await timeEach(n, () => call({ sku: ctx.randomSku(), believedAt: iso(ctx.randomPastInstant()) }), 200);
    return [
      latencyFigure('worker.stock.get.now', 'stock.get now, through the worker round trip', now, { target: atMost(1) }),
      latencyFigure('worker.stock.get.asOf', 'stock.get asOf, through the worker round trip', asOf, { target: atMost(1) }),
      latencyFigure('worker.stock.get.believedAt', 'stock.get believedAt, through the worker round trip', believed, { target: atMost(1) }),
    ];
  } finally {
    await worker.close();
  }
}
