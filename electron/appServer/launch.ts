import { resolve } from 'node:path';
import { WorkerHost } from '../host/workerHost';
import { claimInstance, instanceFile, type InstanceInfo } from './instance';
import { startAppServer, type AppServer } from './server';
import { newToken } from './token';

export interface LaunchOptions {
  ledgerFile: string;
  /** The ledger worker bundle (dist/electron/worker.js), the one the desktop app runs. */
  workerFile: string;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  host?: string;
  port?: number;
}

export type Launch =
  | { started: true; url: string; token: string; port: number; infoFile: string; server: AppServer; worker: WorkerHost; close(): Promise<void> }
  | { started: false; running: InstanceInfo };

/**
 * `stock-ledger app` without the terminal: takes the ledger's app lock, starts the ledger worker
 * through the same WorkerHost and bundle as the desktop app, serves the renderer and the command API,
 * and publishes the address and token (mode 0600) beside the ledger. `close` stops serving first,
 * then closes the ledger in the worker, then releases the lock.
 */
export async function launchApp(o: LaunchOptions): Promise<Launch> {
  const ledgerFile = resolve(o.ledgerFile);
  const claim = await claimInstance(ledgerFile);
  if (!claim.claimed) return { started: false, running: claim.running };
  let server: AppServer | null = null;
  let worker: WorkerHost | null = null;
  try {
    worker = new WorkerHost(o.workerFile, ledgerFile, (e) => server?.events.send('progress', e));
    await worker.ready;
    const token = newToken();
    server = await startAppServer({ commands: worker, rendererDir: o.rendererDir, token, host: o.host, port: o.port });
    const apiBase = server.url.slice(0, server.url.indexOf('/?'));
    claim.publish({ url: server.url, apiBase, token });
    const [s, w] = [server, worker];
    let closing: Promise<void> | null = null;
    return {
      started: true, url: s.url, token, port: s.port, infoFile: instanceFile(ledgerFile), server: s, worker: w,
      close: () => (closing ??= (async () => {
        await s.close();
        await w.close();
        claim.release();
      })()),
    };
  } catch (err) {
    await server?.close();
    // A worker that failed to open the ledger may already be gone: don't wait for an exit that came.
    if (worker) await Promise.race([worker.close().catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    claim.release();
    throw err;
  }
}
