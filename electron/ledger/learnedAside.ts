import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * A helper thread that folds the learning-day axis (learnedWorker.ts) into a scratch file of its own,
 * on its own connection to the ledger, while the rebuilding thread folds the rest (rebuildOnTwoCores.ts).
 * The two share memory only: the rebuilding thread waits without returning to its event loop
 * (Atomics.wait), so a rebuild stays one synchronous call. The helper never writes to the ledger.
 */
export const ASIDE = { STATE: 0, DONE: 1, WAITING: 0, STARTED: 1, READY: 2, FAILED: 3 } as const;

export interface LearnedJob {
  ledgerFile: string;
  auxFile: string;
  timeZone: string;
  total: number;
  /** Item ranges (first sku, last sku, their movements) in key order. */
  ranges: Array<[string, string, number]>;
  shared: SharedArrayBuffer;
}

/** A helper that has not started after this long (it could not load) is given up. */
const START_TIMEOUT_MS = 15_000;

/** The bundled helper, next to whichever bundle is running (dist/electron, dist/bench). */
export function learnedWorkerFile(): string | null {
  const candidates = [process.env.STOCK_LEDGER_LEARNED_WORKER, join(__dirname, 'learnedWorker.js'), join(__dirname, '..', 'electron', 'learnedWorker.js')];
  return candidates.find((f): f is string => !!f && existsSync(f)) ?? null;
}

export interface LearnedHelper {
  /** The scratch file: table `learned` (rows in key order) and `seen` (the ledger's count and last seq as the helper read it). */
  auxFile: string;
  /** Rows the helper has folded so far. */
  done(): number;
  /** Waits for the helper; true when its rows are complete. `progress` gets the rows it has folded. */
  wait(progress: (rows: number) => void): boolean;
  /** Stops the helper if it still runs and removes the scratch file. */
  close(): void;
}

export function startLearnedHelper(file: string, job: Omit<LearnedJob, 'auxFile' | 'shared'>): LearnedHelper | null {
  const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-fold-'));
  const auxFile = join(dir, 'learned.sqlite');
  const state = new Int32Array(new SharedArrayBuffer(8));
  let worker: Worker;
  try {
    worker = new Worker(file, { workerData: { ...job, auxFile, shared: state.buffer } satisfies LearnedJob });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  // Outcomes are read from the shared state; this only keeps an 'error' event from being unhandled.
  worker.on('error', () => {});
  return {
    auxFile,
    done: () => Atomics.load(state, ASIDE.DONE),
    wait(progress) {
      const started = Date.now();
      for (;;) {
        const s = Atomics.load(state, ASIDE.STATE);
        if (s === ASIDE.READY) return true;
        if (s === ASIDE.FAILED) return false;
        if (s === ASIDE.WAITING && Date.now() - started > START_TIMEOUT_MS) return false;
        Atomics.wait(state, ASIDE.STATE, s, 250);
        progress(Atomics.load(state, ASIDE.DONE));
      }
    },
    close() {
      if (Atomics.load(state, ASIDE.STATE) < ASIDE.READY) void worker.terminate();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
