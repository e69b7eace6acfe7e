import { Worker } from 'node:worker_threads';
import type { CommandOutcome } from '../../shared/errors';
import type { ProgressEvent } from '../ledger/progress';
import type { FromWorker, ToWorker, WorkerData } from '../worker/protocol';

/**
 * The main-thread side of the ledger worker: `call` posts a command and resolves with its outcome.
 * Progress events are kept here, so `app.progress` answers at once even while the worker is busy
 * with the long task being reported.
 */
export class WorkerHost {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, (o: CommandOutcome<unknown>) => void>();
  private readonly progress = new Map<string, ProgressEvent>();
  readonly ready: Promise<void>;

  constructor(workerFile: string, ledgerFile: string, onProgress?: (e: ProgressEvent) => void) {
    this.worker = new Worker(workerFile, { workerData: { file: ledgerFile } satisfies WorkerData });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'fatal') reject(new Error(m.message));
        else if (m.type === 'progress') {
          this.progress.set(m.event.task, m.event);
          onProgress?.(m.event);
        } else if (m.type === 'result') {
          this.pending.get(m.id)?.(m.outcome);
          this.pending.delete(m.id);
        }
      });
      this.worker.on('error', reject);
    });
    this.worker.on('exit', () => {
      for (const resolve of this.pending.values()) resolve({ ok: false, error: { code: 'INTERNAL', message: 'The ledger worker stopped. Restart the app; nothing recorded is lost.' } });
      this.pending.clear();
    });
  }

  async call(name: string, payload: unknown): Promise<CommandOutcome<unknown>> {
    if (name === 'app.progress') return { ok: true, result: { tasks: [...this.progress.values()] } };
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: 'call', id, name, payload } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    this.worker.postMessage({ type: 'close' } satisfies ToWorker);
    await new Promise((resolve) => this.worker.once('exit', resolve));
  }
}
