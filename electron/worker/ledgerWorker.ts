import { parentPort, workerData } from 'node:worker_threads';
import { LedgerHost } from '../host/inProcessHost';
import type { FromWorker, ToWorker, WorkerData } from './protocol';
import { startBackgroundJobs } from './backgroundJobs';

/**
 * The ledger's thread. better-sqlite3 is synchronous, so the ledger, the command layer and sync live
 * here, never on Electron's main thread: a 5-million-row rebuild must not freeze the window.
 * The same module runs under plain Node (tests, CLI-driven hosts).
 */
if (!parentPort) throw new Error('ledgerWorker must run as a worker thread');
const port = parentPort;
const send = (m: FromWorker) => port.postMessage(m);

try {
  const { file } = workerData as WorkerData;
  const host = new LedgerHost(file, { onProgress: (event) => send({ type: 'progress', event }) });
  const stopJobs = startBackgroundJobs(host);
  // The worker serves the app's window (Electron IPC): roles are enforced against its signed-in clerk.
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'close') {
      stopJobs();
      host.close();
      port.close();
      return;
    }
    void host.callFromApp(msg.name, msg.payload).then((outcome) => send({ type: 'result', id: msg.id, outcome }));
  });
  send({ type: 'ready' });
} catch (err) {
  send({ type: 'fatal', message: (err as Error).message });
}
