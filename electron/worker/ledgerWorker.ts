import { parentPort, workerData } from 'node:worker_threads';
import { LedgerHost } from '../host/inProcessHost';
import { assertNotNewerThanThisApp } from '../host/newerVersion';
import { rotatingLog } from '../logging/rotatingLog';
import type { FromWorker, ToWorker, WorkerData } from './protocol';
import { startBackgroundJobs } from './backgroundJobs';
import { CommandError } from '../../shared/errors';
import { wrappingSealer } from '../safety/keychain';
import { restoreLedger } from '../safety/restore';
import { FileSecretStore, secretsPathFor } from '../safety/secretStore';

/**
 * The ledger's thread. better-sqlite3 is synchronous, so the ledger, the command layer and sync live
 * here, never on Electron's main thread: a 5-million-row rebuild must not freeze the window.
 * The same module runs under plain Node (tests, CLI-driven hosts).
 */
if (!parentPort) throw new Error('ledgerWorker must run as a worker thread');
const port = parentPort;
const send = (m: FromWorker) => port.postMessage(m);

const { file, logDir, appVersion, secretsKey, restoreFrom } = workerData as WorkerData;
// The ledger's own log (commands that failed unexpectedly, start, stop), beside main's.
const log = rotatingLog(logDir, 'ledger');
let host: LedgerHost | null = null;
try {
  const secretStore = new FileSecretStore(secretsPathFor(file), secretsKey ? wrappingSealer(secretsKey) : null);
  if (restoreFrom) {
    // Nothing holds the file now (the previous worker closed it); a refused restore leaves it as it was.
    try {
      const result = restoreLedger(file, restoreFrom, Date.now(), secretStore, (event) => send({ type: 'progress', event }));
      log.info('ledger restored from a backup', result);
      send({ type: 'restored', outcome: { ok: true, result } });
    } catch (err) {
      log.warn('restore refused', { backup: restoreFrom, message: (err as Error).message });
      send({ type: 'restored', outcome: { ok: false, error: err instanceof CommandError ? err.toJSON() : { code: 'INTERNAL', message: (err as Error).message } } });
    }
  }
  assertNotNewerThanThisApp(file);
  host = new LedgerHost(file, {
    secretStore,
    onProgress: (event) => send({ type: 'progress', event }),
    reportInternal: (err, command) => log.error('command failed unexpectedly', err, { command }),
    environment: { appVersion, logFolder: logDir },
  });
  log.info('ledger opened', { file, appVersion });
} catch (err) {
  const e = err as Error & { code?: unknown };
  log.error('the ledger could not be opened', err, { file });
  send({ type: 'fatal', message: e.message, code: typeof e.code === 'string' ? e.code : undefined, stack: e.stack });
}

if (host) {
  const ledger = host;
  const stopJobs = startBackgroundJobs(ledger);
  let closing = false;
  port.on('message', (msg: ToWorker) => {
    if (msg.type === 'close') {
      if (closing) return;
      closing = true;
      // Sync's round in flight finishes (or gives up) before the ledger closes under it.
      void stopJobs().finally(() => {
        ledger.close();
        log.info('ledger closed');
        port.close();
      });
      return;
    }
    // The worker serves the app's window (Electron IPC): roles are enforced against its signed-in clerk.
    void ledger.callFromApp(msg.name, msg.payload).then((outcome) => send({ type: 'result', id: msg.id, outcome }));
  });
  send({ type: 'ready' });
}
