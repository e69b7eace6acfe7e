import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';

/**
 * A helper thread that folds the closings by learning day (learnedWorker.ts) on its own read-only
 * connection while the rebuilding thread folds the balances and the business days (foldOnTwoCores.ts).
 * The rebuild stays one synchronous call inside its write transaction: this thread waits on shared
 * memory (Atomics.wait) and takes the helper's rows off a port without returning to its event loop
 * (receiveMessageOnPort). The helper never writes to the ledger.
 */
export const ASIDE = { STATE: 0, DONE: 1, WAITING: 0, STARTED: 1, READY: 2, FAILED: 3 } as const;

export interface LearnedJob {
  ledgerFile: string;
  timeZone: string;
  total: number;
  /** Item ranges (first sku, last sku, their movements) in key order, as foldBalances gives them. */
  ranges: Array<[string, string, number]>;
  shared: SharedArrayBuffer;
  port: MessagePort;
}

/** What the helper posts: its rows as one JSON array of [sku, day, on_hand, reserved] in key order, and the last position it read. */
export interface LearnedRows {
  rows: string;
  lastSeq: number | null;
}

/** A helper that has not started after this long (it could not load) is given up. */
const START_TIMEOUT_MS = 15_000;

/** The bundled helper, next to whichever bundle is running (dist/electron, or dist/bench and dist/cli beside it). */
export function learnedWorkerFile(): string | null {
  const candidates = [process.env.STOCK_LEDGER_LEARNED_WORKER, join(__dirname, 'learnedWorker.js'), join(__dirname, '..', 'electron', 'learnedWorker.js')];
  return candidates.find((f): f is string => !!f && existsSync(f)) ?? null;
}

export interface LearnedHelper {
  /** Rows the helper has folded so far. */
  done(): number;
  /** Waits for the helper: its rows, or null when it failed. `progress` gets the rows it has folded. */
  wait(progress: (rows: number) => void): LearnedRows | null;
  /** Stops the helper if it still runs. */
  close(): void;
}

export function startLearnedHelper(file: string, job: Omit<LearnedJob, 'shared' | 'port'>): LearnedHelper | null {
  const state = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    worker = new Worker(file, { workerData: { ...job, shared: state.buffer, port: port2 } satisfies LearnedJob, transferList: [port2] });
  } catch {
    port1.close();
    return null;
  }
  // Outcomes are read from the shared state; this only keeps an 'error' event from being unhandled.
  worker.on('error', () => {});
  return {
    done: () => Atomics.load(state, ASIDE.DONE),
    wait(progress) {
      const started = Date.now();
      for (;;) {
        const s = Atomics.load(state, ASIDE.STATE);
        if (s === ASIDE.READY) return (receiveMessageOnPort(port1)?.message as LearnedRows | undefined) ?? null;
        if (s === ASIDE.FAILED) return null;
        if (s === ASIDE.WAITING && Date.now() - started > START_TIMEOUT_MS) return null;
        Atomics.wait(state, ASIDE.STATE, s, 250);
        progress(Atomics.load(state, ASIDE.DONE));
      }
    },
    close() {
      port1.close();
      if (Atomics.load(state, ASIDE.STATE) < ASIDE.READY) void worker.terminate();
    },
  };
}
