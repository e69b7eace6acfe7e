import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Ledger } from './open';
import { noProgress, type ProgressListener } from './progress';
import { checkSealedHead, combinePieces, pieceSeal, verifyChains, verifyPiece, type PieceResult, type VerifyPiece, type VerifyResult } from './verify';

/** Below this many rows a second thread costs more to start than it saves. */
const PARALLEL_FROM_ROWS = 200_000;

/** The bundled helper thread, next to whichever bundle is running (dist/electron or dist/bench). */
function workerFile(): string | null {
  const candidates = [process.env.STOCK_LEDGER_VERIFY_WORKER, join(__dirname, 'verifyWorker.js'), join(__dirname, '..', 'electron', 'verifyWorker.js')];
  return candidates.find((f): f is string => !!f && existsSync(f)) ?? null;
}

/**
 * `ledger.verify` over all cores: the device-ordered walk is cut into pieces at (device, seq) keys;
 * this thread walks the first and helper threads the others, each on its own read-only connection,
 * and the pieces combine into exactly the answer one walk gives. Rows are append-only and the last
 * key is fixed before the pieces start, so a writer appending meanwhile changes nothing verified.
 * Falls back to one thread for small or in-memory ledgers, or when the helper is not built (tests
 * running from source).
 */
export async function verifyChainsParallel(ledger: Ledger, onProgress: ProgressListener = noProgress,
  { threads = availableParallelism(), minRows = PARALLEL_FROM_ROWS }: { threads?: number; minRows?: number } = {}): Promise<VerifyResult> {
  const { db } = ledger;
  const file = workerFile();
  const total = (db.prepare(`SELECT count(*) FROM movements`).pluck().get() as number);
  if (threads < 2 || total < Math.max(minRows, threads) || !file || ledger.file === ':memory:') return verifyChains(ledger, onProgress);

  const keyAt = db.prepare(`SELECT device, device_seq FROM movement_rows ORDER BY device, device_seq LIMIT 1 OFFSET ?`).raw();
  const last = db.prepare(`SELECT device, device_seq FROM movement_rows ORDER BY device DESC, device_seq DESC LIMIT 1`).raw().get() as [number, number];
  const end: [number, number] = [last[0], last[1] + 1];
  const cuts = Array.from({ length: threads - 1 }, (_, i) => keyAt.get(Math.floor(((i + 1) * total) / threads)) as [number, number]);
  const seal = pieceSeal(ledger);
  const pieces: VerifyPiece[] = [null, ...cuts].map((from, i) => ({ from, to: cuts[i] ?? end, seal }));

  const done = new Array<number>(pieces.length).fill(0);
  const tell = (i: number, n: number) => { done[i] = n; onProgress({ task: 'verify', done: done.reduce((a, b) => a + b, 0), total }); };
  tell(0, 0); // a bar from the start: the first count comes after 50,000 rows of a piece
  const helpers = pieces.slice(1).map((piece, k) => new Promise<PieceResult>((resolve, reject) => {
    const w = new Worker(file, { workerData: { file: ledger.file, piece } });
    w.on('message', (m: { type: string; done?: number; result?: PieceResult; message?: string }) => {
      if (m.type === 'progress') tell(k + 1, m.done!);
      else if (m.type === 'result') resolve(m.result!);
      else reject(new Error(m.message));
    });
    w.on('error', reject);
    w.on('exit', (code) => { if (code !== 0) reject(new Error(`verify helper thread stopped (exit code ${code})`)); });
  }));
  const mine = db.transaction(() => verifyPiece(db, pieces[0]!, (n) => tell(0, n)))();
  const results = [mine, ...(await Promise.all(helpers))];
  onProgress({ task: 'verify', done: total, total });
  return db.transaction(() => checkSealedHead(ledger, combinePieces(results)))();
}
