import { Worker } from 'node:worker_threads';
import type { CommandErrorData, CommandOutcome } from '../../shared/errors';
import type { ProgressEvent } from '../ledger/progress';
import { RESTORE_TASKS } from '../../shared/safety/restoreProgress';
import type { FromWorker, ToWorker, WorkerData } from '../worker/protocol';
import { classifyStartupError, WorkerStartupError, type StartupProblem } from './startupProblem';

export interface WorkerHostOptions {
  onProgress?: (e: ProgressEvent) => void;
  /** The worker died and a new one is serving the ledger (the window shows a banner). */
  onRestart?: (e: { exitCode: number; restarts: number }) => void;
  /** More for the worker than the ledger file: its log folder, the app version. */
  workerData?: Omit<WorkerData, 'file'>;
  /** Restarts allowed within a minute before the host gives up (a worker that dies at once, again and again). */
  maxRestartsPerMinute?: number;
  /** How long close() lets the worker stop sync and close the ledger before it is terminated. */
  closeTimeoutMs?: number;
}

const restarted = (): CommandErrorData => ({ code: 'LEDGER_RESTARTED',
  message: 'The ledger stopped unexpectedly and was started again. Check whether this was recorded (stock, journal) before doing it again.' });
const closed = (): CommandErrorData => ({ code: 'INTERNAL', message: 'The ledger is closing; nothing more can be recorded until the app starts again.' });

/**
 * The main-thread side of the ledger worker: `call` posts a command and resolves with its outcome.
 * It supervises the worker: if it dies, every pending call settles with LEDGER_RESTARTED and a new
 * worker opens the ledger (nothing recorded is lost: each command is one SQLite transaction). A worker
 * that cannot open the ledger is not retried: `ready` rejects with a WorkerStartupError saying why.
 * Progress events are kept here, so `app.progress` answers at once even while the worker is busy.
 */
export class WorkerHost {
  private worker!: Worker;
  private current!: Promise<void>;
  private exited!: Promise<number>;
  private alive = false;
  private started = false;
  private closing = false;
  private nextId = 1;
  private readonly pending = new Map<number, (o: CommandOutcome<unknown>) => void>();
  private readonly progress = new Map<string, ProgressEvent>();
  private readonly deaths: number[] = [];
  /** Set while a backup is being put in place between two workers: calls wait for it. */
  private swapping: Promise<void> | null = null;
  private restored: CommandOutcome<unknown> | null = null;
  private readonly options: WorkerHostOptions;
  /** Settles when the first worker has opened the ledger; rejects with a WorkerStartupError. */
  readonly ready: Promise<void>;
  /** How many times the worker has been restarted. */
  restarts = 0;
  /** Why the ledger could not be opened, once that happened. */
  problem: StartupProblem | null = null;

  constructor(private readonly workerFile: string, private readonly ledgerFile: string, options?: WorkerHostOptions | ((e: ProgressEvent) => void)) {
    this.options = typeof options === 'function' ? { onProgress: options } : (options ?? {});
    this.spawn();
    this.ready = this.current;
  }

  private spawn(extra: Pick<WorkerData, 'restoreFrom'> = {}): void {
    const worker = new Worker(this.workerFile, { workerData: { ...this.options.workerData, ...extra, file: this.ledgerFile } satisfies WorkerData });
    this.worker = worker;
    this.alive = true;
    this.started = false;
    let started = false;
    let fail: (e: WorkerStartupError) => void = () => {};
    const startupFailed = (err: { message: string; code?: string }, forced?: StartupProblem['kind']) => {
      this.problem ??= classifyStartupError(err, this.ledgerFile, forced);
      fail(new WorkerStartupError(this.problem));
    };
    this.current = new Promise<void>((resolve, reject) => {
      fail = reject;
      worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') { started = true; this.started = true; resolve(); }
        else if (m.type === 'restored') this.restored = m.outcome;
        else if (m.type === 'fatal') startupFailed(m);
        else if (m.type === 'progress') {
          this.progress.set(m.event.task, m.event);
          this.options.onProgress?.(m.event);
        } else if (m.type === 'result') {
          this.pending.get(m.id)?.({ ...m.outcome });
          this.pending.delete(m.id);
        }
      });
    });
    this.current.catch(() => {}); // rejections are read through ready/call; never unhandled
    // An uncaught error ends the worker; 'exit' follows and does the recovery.
    worker.on('error', (err: Error & { code?: string }) => { if (!started) startupFailed(err); });
    this.exited = new Promise((resolve) => worker.once('exit', (code) => {
      resolve(code);
      if (worker === this.worker) this.onExit(code, started, startupFailed);
    }));
  }

  private onExit(code: number, started: boolean, startupFailed: (err: { message: string }, forced?: StartupProblem['kind']) => void): void {
    this.alive = false;
    const error = this.closing ? closed() : restarted();
    for (const settle of this.pending.values()) settle({ ok: false, error });
    this.pending.clear();
    if (this.closing || this.swapping) return;
    if (!started) { startupFailed({ message: `the ledger worker stopped while opening the ledger (exit code ${code})` }); return; }
    const now = Date.now();
    this.deaths.push(now);
    while (this.deaths.length && this.deaths[0]! < now - 60_000) this.deaths.shift();
    if (this.deaths.length > (this.options.maxRestartsPerMinute ?? 3)) {
      this.problem = classifyStartupError({ message: `the ledger worker stopped ${this.deaths.length} times within a minute (last exit code ${code})` }, this.ledgerFile, 'crashing');
      this.current = Promise.reject(new WorkerStartupError(this.problem));
      this.current.catch(() => {});
      return;
    }
    this.restarts++;
    this.spawn();
    this.options.onRestart?.({ exitCode: code, restarts: this.restarts });
  }

  async call(name: string, payload: unknown): Promise<CommandOutcome<unknown>> {
    if (name === 'app.progress') return { ok: true, result: { tasks: [...this.progress.values()] } };
    if (this.swapping) await this.swapping;
    if (name === 'backups.restore') return this.restore(payload);
    return this.send(name, payload);
  }

  private async send(name: string, payload: unknown): Promise<CommandOutcome<unknown>> {
    if (this.closing) return { ok: false, error: closed() };
    try {
      await this.current;
    } catch (err) {
      const p = (err as WorkerStartupError).problem;
      return { ok: false, error: { code: 'INTERNAL', message: p ? `${p.title} ${p.whatToDo}` : (err as Error).message } };
    }
    if (!this.alive) return { ok: false, error: restarted() };
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker.postMessage({ type: 'call', id, name, payload } satisfies ToWorker);
    });
  }

  /**
   * `backups.restore`: the worker checks the request (a manager, a listed backup, an intact file), then
   * closes the ledger (sync stops first); a new worker puts the backup in place (the current file kept
   * as a pre-restore backup) and opens it. Calls made meanwhile wait. The new worker has no signed-in
   * clerk, and sync finds the file behind HQ and waits for a manager's recovery instead of pushing.
   */
  private async restore(payload: unknown): Promise<CommandOutcome<unknown>> {
    // From the request on, other calls wait: none lands in the file that is about to be replaced.
    let done!: () => void;
    this.swapping = new Promise((r) => { done = r; });
    try {
      const checked = await this.send('backups.check', payload);
      if (!checked.ok) return checked;
      const { file, syncs } = checked.result as { file: string; syncs: boolean };
      if (!this.alive || this.closing) return { ok: false, error: this.closing ? closed() : restarted() };
      // The screen follows this restore's steps from `app.progress`: not an earlier verify's or upgrade's.
      for (const task of RESTORE_TASKS) this.progress.delete(task);
      this.worker.postMessage({ type: 'close' } satisfies ToWorker);
      const timer = setTimeout(() => void this.worker.terminate(), this.options.closeTimeoutMs ?? 15_000);
      await this.exited;
      clearTimeout(timer);
      this.restored = null;
      this.spawn({ restoreFrom: file });
      try {
        await this.current;
      } catch (err) {
        const p = (err as WorkerStartupError).problem;
        return { ok: false, error: { code: 'INTERNAL', message: p ? `${p.title} ${p.whatToDo}` : (err as Error).message } };
      }
      const outcome: CommandOutcome<unknown> = (this.restored as CommandOutcome<unknown> | null) ?? { ok: false, error: { code: 'INTERNAL', message: 'The ledger reopened without saying whether the backup was restored. Check the journal.' } };
      return outcome.ok ? { ok: true, result: { ...(outcome.result as object), syncs } } : outcome;
    } finally {
      this.swapping = null;
      done();
    }
  }

  /** Stops sync and closes the ledger in the worker, then waits for it to end. Safe at any time, also after it died. */
  async close(): Promise<void> {
    this.closing = true;
    if (!this.alive) return;
    const worker = this.worker;
    // A worker that never opened the ledger has nothing to close.
    if (!this.started) { await worker.terminate(); await this.exited; return; }
    worker.postMessage({ type: 'close' } satisfies ToWorker);
    const timer = setTimeout(() => void worker.terminate(), this.options.closeTimeoutMs ?? 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}
