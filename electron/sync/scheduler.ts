import type { SchedulerDiagnostics } from '../../shared/contract/sync';
import { isoOf } from '../../shared/domain/time';
import { retryDelay, type BackoffPolicy } from '../../shared/sync/backoff';
import { noProgress, type ProgressListener } from '../ledger/progress';
import type { SyncEngine } from './engine';
import { HqError } from './http';
import { getMeta, getNumber, headSeq, KEYS, readConfig } from './state';

export interface SchedulerOptions extends BackoffPolicy {
  /** A round this often even with nothing to push: inbound transfers and other PCs' rows come by pull. */
  intervalMs: number;
  /** How often to look for new rows of this device (from this process or another, e.g. the CLI). */
  watchMs: number;
  /** A short pause after a write, so a burst of sales goes in one round. */
  afterWriteMs: number;
  random?: () => number;
}

export const DEFAULT_SCHEDULER_OPTIONS: SchedulerOptions = {
  intervalMs: 30_000,
  watchMs: 2_000,
  afterWriteMs: 1_000,
  baseMs: 1_000,
  // Also how soon a PC that was offline notices HQ is back (the retry is the reconnect probe).
  capMs: 60_000,
};

/**
 * Runs sync rounds on start, on a timer, after writes and on reconnect (never only after writes), one
 * at a time (the engine serialises them). When HQ is unreachable or answers 429/503 it backs off with
 * full jitter, never sooner than HQ's Retry-After; new writes during a backoff wait for the retry.
 */
export class SyncScheduler {
  readonly options: SchedulerOptions;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private watcher: ReturnType<typeof setInterval> | null = null;
  private failures = 0;
  private backingOffUntil = 0;
  private lastHead = -1;
  /** The HQ this PC was connected to at the last look (address and epoch), to notice an enrolment by the CLI. */
  private lastConnection: string | null = null;
  private stopped = false;
  private inFlight: Promise<void> | null = null;
  /** Something asked for a round while one was running. */
  private again = false;
  /** Rounds run and failed, for tests and diagnostics. */
  readonly stats = { rounds: 0, failures: 0, retryAfterHonoured: 0 };
  /** When the armed timer fires (diagnostics; the engine's nextAttemptAt is what the screens show). */
  private dueAt: number | null = null;
  private lastWatchAt: number | null = null;
  /** Its latest decisions, oldest first, for sync.status (a write that did not go by itself must say why). */
  private readonly trail: Array<{ at: number; event: string }> = [];

  constructor(private readonly engine: SyncEngine, options: Partial<SchedulerOptions> = {}, private readonly progress: ProgressListener = noProgress) {
    this.options = { ...DEFAULT_SCHEDULER_OPTIONS, ...options };
  }

  start(): void {
    this.engine.onWake = (reason) => this.wake(reason === 'write' ? 'write' : 'now');
    this.engine.onRoundDone = (ok) => this.roundDone(ok);
    this.engine.describeScheduler = () => this.diagnostics();
    this.note('started');
    // The start-up round sends what is here now; a row written after it, even before the watcher's first
    // look, is then a change the watcher sees (it used to take that look as its starting point).
    const { db, deviceId } = this.engine.ledger;
    if (db.open) {
      this.lastHead = headSeq(db, deviceId);
      this.note(`first look: newest row of this PC is no. ${this.lastHead}`);
    }
    this.watcher = setInterval(() => this.watch(), this.options.watchMs);
    this.watcher.unref?.();
    this.wake('now');
  }

  /**
   * 'now' (start, enrolment, reconnect, the clerk's button) ends a backoff; 'write' respects it.
   * While a round runs, a wake only asks for one more round after it (never a second loop).
   */
  wake(kind: 'now' | 'write'): void {
    if (this.stopped) return;
    const now = this.engine.options.now();
    if (kind === 'now') {
      this.failures = 0;
      this.backingOffUntil = 0;
      this.lastConnection = this.connection();
    } else if (now < this.backingOffUntil) {
      this.note(`wake (${kind}): waits for the retry in ${this.backingOffUntil - now} ms`);
      return;
    }
    if (this.inFlight) {
      this.again = true;
      this.note(`wake (${kind}): a round is running, one more after it`);
      return;
    }
    const delay = kind === 'now' ? 0 : this.options.afterWriteMs;
    if (this.timer !== null && (this.engine.nextAttemptAt ?? Infinity) - now <= delay) {
      this.note(`wake (${kind}): the timer is due in ${(this.engine.nextAttemptAt ?? now) - now} ms anyway`);
      return;
    }
    this.note(`wake (${kind}): round in ${delay} ms`);
    this.schedule(delay);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.note('stopped');
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.watcher) clearInterval(this.watcher);
    this.engine.onWake = null;
    this.engine.nextAttemptAt = null;
    await this.inFlight;
    await this.engine.idle();
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.engine.nextAttemptAt = this.engine.options.now() + ms;
    this.dueAt = this.engine.nextAttemptAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.inFlight) {
        this.again = true;
        this.note('timer: a round is running, one more after it');
        return;
      }
      this.inFlight = this.runOnce().finally(() => { this.inFlight = null; });
    }, ms);
    this.timer.unref?.();
  }

  /** The HQ this PC is connected to (address and epoch), or null. */
  private connection(): string | null {
    const { db } = this.engine.ledger;
    if (!db.open) return this.lastConnection;
    const url = getMeta(db, KEYS.serverUrl);
    return url === null ? null : `${url} ${getMeta(db, KEYS.epoch) ?? ''}`;
  }

  /**
   * A round that succeeded, the scheduler's or one a command ran ("Sync now"), ends a backoff: HQ is
   * reachable, so rows written meanwhile go soon instead of waiting out a retry of up to a minute.
   * (The scheduler's own rounds are settled in runOnce.)
   */
  private roundDone(ok: boolean): void {
    if (!ok || this.stopped || this.inFlight || (this.failures === 0 && this.backingOffUntil === 0)) return;
    this.failures = 0;
    this.backingOffUntil = 0;
    const { db, deviceId } = this.engine.ledger;
    const behind = db.open && headSeq(db, deviceId) > getNumber(db, KEYS.ackedSeq);
    this.note(`a round run by a command succeeded: backoff over, next in ${behind ? this.options.afterWriteMs : this.options.intervalMs} ms`);
    this.schedule(behind ? this.options.afterWriteMs : this.options.intervalMs);
  }

  private watch(): void {
    const { db, deviceId } = this.engine.ledger;
    if (this.stopped || !db.open) return;
    // Enrolled by another process (the CLI's `sync configure`): this process's wake never came.
    const connection = this.connection();
    if (connection !== this.lastConnection) {
      this.lastConnection = connection;
      if (connection !== null) {
        this.note('connected to HQ by another process');
        this.wake('now');
      }
    }
    const head = headSeq(db, deviceId);
    const changed = this.lastHead !== -1 && head !== this.lastHead;
    this.lastWatchAt = this.engine.options.now();
    if (this.lastHead === -1) this.note(`first look: newest row of this PC is no. ${head}`);
    if (changed) this.note(`new rows of this PC: no. ${this.lastHead} -> ${head}, HQ holds up to ${getNumber(db, KEYS.ackedSeq)}`);
    this.lastHead = head;
    if (changed && head > getNumber(db, KEYS.ackedSeq)) this.wake('write');
  }

  private async runOnce(): Promise<void> {
    if (this.stopped || !this.engine.ledger.db.open) {
      this.note('timer: not run (stopped or ledger closed)');
      return;
    }
    // Not enrolled yet: stay idle until sync.configure wakes us.
    if (!readConfig(this.engine.ledger)) {
      this.engine.nextAttemptAt = null;
      this.note('timer: not connected to HQ, idle until sync.configure');
      return;
    }
    this.stats.rounds += 1;
    this.note('round starts');
    try {
      await this.engine.round(this.progress);
      this.failures = 0;
      this.backingOffUntil = 0;
      // Rows written (or a wake) while the round was busy go soon, not at the next tick.
      const { db, deviceId } = this.engine.ledger;
      const behind = db.open && headSeq(db, deviceId) > getNumber(db, KEYS.ackedSeq);
      const again = this.again || behind;
      this.note(`round done${behind ? ', rows still to send' : ''}${this.again ? ', asked again meanwhile' : ''}: next in ${again ? this.options.afterWriteMs : this.options.intervalMs} ms`);
      this.again = false;
      this.schedule(again ? this.options.afterWriteMs : this.options.intervalMs);
    } catch (err) {
      this.stats.failures += 1;
      this.again = false;
      this.failures += 1;
      const cause = (err as { details?: { retryAfterMs?: number | null } }).details;
      const retryAfter = err instanceof HqError ? err.retryAfterMs : cause?.retryAfterMs ?? null;
      if (retryAfter !== null && retryAfter !== undefined) this.stats.retryAfterHonoured += 1;
      const delay = retryDelay(this.failures, this.options, retryAfter ?? null, this.options.random);
      this.backingOffUntil = this.engine.options.now() + delay;
      this.note(`round failed (${String((err as Error).message).slice(0, 160)}): retry in ${delay} ms`);
      this.schedule(delay);
    }
  }

  private note(event: string): void {
    this.trail.push({ at: this.engine.options.now(), event });
    if (this.trail.length > 20) this.trail.shift();
  }

  /** What sync.status shows of the scheduler: its state now and its latest decisions, newest first. */
  diagnostics(): SchedulerDiagnostics {
    const now = this.engine.options.now();
    const iso = (t: number | null) => (t === null ? null : isoOf(t));
    return {
      roundInFlight: this.inFlight !== null,
      roundAfterThis: this.again,
      timerDueAt: iso(this.timer !== null ? this.dueAt : null),
      backingOffUntil: iso(this.backingOffUntil > now ? this.backingOffUntil : null),
      failuresInARow: this.failures,
      rounds: this.stats.rounds,
      lastWatchAt: iso(this.lastWatchAt),
      lastHeadSeen: this.lastHead === -1 ? null : this.lastHead,
      stopped: this.stopped,
      recent: this.trail.map((e) => ({ at: isoOf(e.at), event: e.event })).reverse(),
    };
  }
}
