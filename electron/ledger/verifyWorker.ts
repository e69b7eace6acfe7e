// A helper thread of `ledger.verify`: walks one piece of the device chains on its own read-only
// connection and posts what it found (bundled to dist/electron/verifyWorker.js).
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { verifyPiece, type VerifyPiece } from './verify';

if (!parentPort) throw new Error('verifyWorker must run as a worker thread');
const port = parentPort;
const { file, piece } = workerData as { file: string; piece: VerifyPiece };
try {
  const db = new Database(file, { readonly: true });
  db.pragma('cache_size = -32000');
  const result = db.transaction(() => verifyPiece(db, piece, (done) => port.postMessage({ type: 'progress', done })))();
  db.close();
  port.postMessage({ type: 'result', result });
} catch (err) {
  port.postMessage({ type: 'error', message: (err as Error).message });
}
