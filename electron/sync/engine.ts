import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { EnrolmentResult, SchedulerDiagnostics, SyncRoundResult } from '../../shared/contract/sync';
import { CommandError, type ErrorCode } from '../../shared/errors';
import { enrollResponse, syncStateResponse } from '../../shared/sync/protocol';
import type { Ledger } from '../ledger/open';
import { noProgress, type ProgressListener } from '../ledger/progress';
import { rebuildCaches } from '../ledger/rebuild';
import { preBranchThroughSeq } from '../identity/branch';
import { isValidTimeZone } from '../../shared/domain/time';
import { readSettings, writeSettings } from '../ledger/settings';
import { writeTransaction } from '../ledger/write';
import { HqError, hqRequest, type HttpOptions } from './http';
import { assertSameChain, refuseIfDiverged } from './divergence';
import { resendAllDocs } from './outbox';
import { recoverSync, type RecoverResult } from './recover';
import { refreshBranches } from './branches';
import { pullAll } from './pull';
import { pushAll } from './push';
import { reportParked } from './review/report';
import { getMeta, getNumber, headSeq, KEYS, readConfig, recordError, setMeta } from './state';
import { beginEnrolment, endEnrolment, sealedAlready, startSealing, trackEnrolment } from '../safety/deviceSeal';

export interface SyncOptions {
  /** Per HTTP request. */
  timeoutMs: number;
  batchCount: number;
  batchBytes: number;
  pullLimit: number;
  now: () => number;
  /** A clock further off HQ's than this is shown to the clerk. */
  skewWarnMs: number;
}

export const DEFAULT_SYNC_OPTIONS: SyncOptions = {
  timeoutMs: 20_000,
  batchCount: 1000,
  batchBytes: 800_000,
  pullLimit: 1000,
  now: Date.now,
  skewWarnMs: 2 * 60_000,
};

const STATUS_CODES: Record<number, ErrorCode> = { 0: 'OFFLINE', 401: 'UNAUTHORIZED', 403: 'FORBIDDEN', 409: 'CONFLICT', 413: 'PAYLOAD_TOO_LARGE', 426: 'UNSUPPORTED_PROTOCOL', 429: 'RATE_LIMITED' };

/** Turns a failed exchange into the command layer's typed error (same sentence). */
export function toCommandError(err: unknown): CommandError {
  if (err instanceof CommandError) return err;
  if (err instanceof HqError) {
    const code: ErrorCode = err.code === 'SEQUENCE_GAP' || err.code === 'DIVERGED' ? err.code : STATUS_CODES[err.status] ?? (err.status >= 500 ? 'SERVER_ERROR' : 'CONFLICT');
    return new CommandError(code, err.message, { status: err.status, hqCode: err.code, retryAfterMs: err.retryAfterMs, ...err.details });
  }
  return new CommandError('INTERNAL', `Sync failed inside the app: ${(err as Error).message}. Nothing was lost; it will retry.`);
}

/**
 * The replication client for one ledger: enrolment, and rounds of state → push → pull. Rounds never
 * overlap within a process (a request for a round while one runs waits for it and then runs one
 * more, so rows written meanwhile go too). Persistent state is in meta (./state.ts); what only
 * exists while running (progress, next attempt) lives here.
 */
export class SyncEngine {
  readonly options: SyncOptions;
  private current: Promise<SyncRoundResult> | null = null;
  private queued: Promise<SyncRoundResult> | null = null;
  progress: { pushed: number; pending: number } | null = null;
  nextAttemptAt: number | null = null;
  /** Set by the scheduler so commands can wake it (after enrolment, on reconnect). */
  onWake: ((reason: string) => void) | null = null;
  /** Set by the scheduler: told how every round ended, its own or one a command ran ("Sync now"). */
  onRoundDone: ((ok: boolean) => void) | null = null;
  /** Set by the scheduler: its state and recent decisions for sync.status (diagnostics only). */
  describeScheduler: (() => SchedulerDiagnostics) | null = null;

  constructor(readonly ledger: Ledger, options: Partial<SyncOptions> = {}) {
    this.options = { ...DEFAULT_SYNC_OPTIONS, ...options };
  }

  private http(): HttpOptions {
    return { timeoutMs: this.options.timeoutMs, now: this.options.now };
  }

  get running(): boolean {
    return this.current !== null;
  }

  /**
   * Enrols this PC with HQ using a one-time code; the branch comes from HQ, never from the clerk. The PC
   * says which branch it is set up as (HQ refuses a code for another branch without using it) and up to
   * which of its rows were recorded before it had a branch. A ledger without a branch takes the code's
   * branch (and HQ's name and zone for it); all its earlier rows belong there. Retrying with the same
   * code after a lost answer gets the same answer (the device key makes the token reproducible).
   */
  configure(serverUrl: string, code: string, deviceName?: string): Promise<EnrolmentResult> {
    // Commands in this process wait for the enrolment (the seal boundary is being fixed): see trackEnrolment.
    const running = this.enrolNotingProblems(serverUrl, code, deviceName);
    trackEnrolment(this.ledger.db, running);
    return running;
  }

  private async enrolNotingProblems(serverUrl: string, code: string, deviceName?: string): Promise<EnrolmentResult> {
    try {
      return await this.enrol(serverUrl, code, deviceName);
    } catch (err) {
      // A refused or failed enrolment is a recent problem too: the sync screen lists it with the rounds' failures.
      const e = toCommandError(err);
      this.noteProblem(e);
      throw e;
    }
  }

  private noteProblem(e: CommandError): void {
    const { db } = this.ledger;
    if (db.open) writeTransaction(this.ledger, () => recordError(db, this.options.now(), e.code, e.message));
  }

  private async enrol(serverUrl: string, code: string, deviceName?: string): Promise<EnrolmentResult> {
    const url = serverUrl.trim().replace(/\/+$/, '');
    const { db, deviceId } = this.ledger;
    const before = readSettings(db);
    // The seal boundary is fixed in the same transaction as the pending marker (see beginEnrolment).
    const { deviceKey, sealFrom } = writeTransaction(this.ledger, () => {
      const sealFrom = beginEnrolment(this.ledger, headSeq(db, deviceId), Date.now());
      const existing = getMeta(db, KEYS.deviceKey);
      if (existing) return { deviceKey: existing, sealFrom };
      const key = randomBytes(32).toString('base64url');
      setMeta(db, KEYS.deviceKey, key);
      return { deviceKey: key, sealFrom };
    });
    try {
      return await this.enrolWith(url, code, deviceName, before, deviceKey, sealFrom);
    } finally {
      writeTransaction(this.ledger, () => endEnrolment(this.ledger));
    }
  }

  private async enrolWith(url: string, code: string, deviceName: string | undefined, before: ReturnType<typeof readSettings>, deviceKey: string, sealFrom: number): Promise<EnrolmentResult> {
    const { db, deviceId } = this.ledger;
    let answer;
    try {
      // Rows from the next one on are sealed with the key HQ issues; HQ verifies them with its copy.
      answer = await hqRequest(url, 'POST', '/v1/enroll', enrollResponse, {
        ...this.http(),
        body: { code, deviceId, deviceName: deviceName ?? hostname(), deviceKey, expectBranch: before.branchCode, preBranchThroughSeq: preBranchThroughSeq(db, deviceId, before.branchCode), sealFrom },
      });
    } catch (err) {
      const e = toCommandError(err);
      if (err instanceof HqError && err.status >= 400 && err.status < 500 && err.status !== 429 && err.status !== 426) {
        throw new CommandError(e.code, `HQ did not accept the enrollment code: ${err.serverMessage ?? `HTTP ${err.status}`}`, e.details);
      }
      throw e;
    }
    const { token, branch, epoch, seal } = answer.body;
    const assigned = writeTransaction(this.ledger, () => {
      const current = readSettings(db);
      // HQ checked expectBranch; this guards a branch set by another process meanwhile.
      if (current.branchCode !== null && current.branchCode !== branch.code) {
        throw new CommandError('CONFLICT', `This PC is set up as branch ${current.branchCode}, but HQ enrolled it for branch ${branch.code}. Ask HQ for a code for ${current.branchCode}.`, { branch: branch.code, settings: current.branchCode });
      }
      // A key whose start lies at or below rows already written unsealed (an enrolment retried after the
      // pending marker expired) would make those rows fail verify here and at HQ: refuse, store nothing.
      if (seal && seal.from <= headSeq(db, deviceId) && !sealedAlready(this.ledger, seal.from)) {
        throw new CommandError('CONFLICT', `HQ seals this PC's rows from no. ${seal.from}, but rows up to no. ${headSeq(db, deviceId)} were recorded without the key meanwhile. Nothing was changed; ask HQ to reset this PC's enrolment.`, { sealFrom: seal.from });
      }
      const previousServer = getMeta(db, KEYS.serverUrl);
      if (previousServer !== url || getMeta(db, KEYS.epoch) !== epoch) {
        setMeta(db, KEYS.pullCursor, 0);
        resendAllDocs(db);
      }
      const firstAssignment = current.branchCode === null;
      const zone = branch.timeZone && isValidTimeZone(branch.timeZone) ? branch.timeZone : null;
      writeSettings(db, {
        branchCode: branch.code,
        branchName: branch.name,
        ...(firstAssignment && zone ? { timeZone: zone } : {}),
      });
      setMeta(db, KEYS.serverUrl, url);
      // Token and key go to the secret store (a 0600 file or the OS keychain), never into the ledger file.
      startSealing(this.ledger, { deviceId, sealKey: seal?.key ?? null, sealFrom: seal?.from ?? 0, token });
      setMeta(db, KEYS.token, null);
      setMeta(db, KEYS.branch, branch.code);
      setMeta(db, KEYS.epoch, epoch);
      setMeta(db, KEYS.lastError, null);
      return readSettings(db);
    });
    // Snapshot days are branch-local: a zone from HQ moves every day boundary.
    if (assigned.timeZone !== before.timeZone) rebuildCaches(this.ledger);
    this.onWake?.('configured');
    return { branch: { code: branch.code, name: branch.name, timeZone: assigned.timeZone }, zoneFromHq: before.branchCode === null && Boolean(branch.timeZone) && assigned.timeZone === branch.timeZone, serverUrl: url, deviceId };
  }

  /**
   * Brings a PC whose ledger went back in time in line with HQ again (./recover.ts), then runs a
   * round so the re-recorded rows reach HQ. Waits for any round in progress first.
   */
  async recover(actor: string, progress: ProgressListener = noProgress): Promise<RecoverResult & { round: SyncRoundResult | null; roundError: string | null }> {
    await this.idle();
    let result: RecoverResult;
    try {
      result = await recoverSync(this.ledger, actor, this.http());
    } catch (err) {
      // A failed recovery is a recent problem the sync screen lists, like a failed round.
      const e = toCommandError(err);
      this.noteProblem(e);
      throw e;
    }
    // The recovery is done and committed; a failed first round (HQ unreachable) is retried by the scheduler.
    try {
      return { ...result, round: await this.round(progress), roundError: null };
    } catch (err) {
      return { ...result, round: null, roundError: toCommandError(err).message };
    }
  }

  /** One round after whatever round is running; concurrent callers share the queued round. */
  round(progress: ProgressListener = noProgress): Promise<SyncRoundResult> {
    if (!this.current) return this.start(progress);
    if (!this.queued) {
      this.queued = this.current.catch(() => undefined).then(() => {
        this.queued = null;
        return this.start(progress);
      });
    }
    return this.queued;
  }

  /** Resolves when no round is running or queued (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.current || this.queued) await (this.queued ?? this.current)!.catch(() => undefined);
  }

  private start(progress: ProgressListener): Promise<SyncRoundResult> {
    const p = this.runRound(progress).finally(() => {
      if (this.current === p) this.current = null;
      this.progress = null;
    });
    p.then(() => this.onRoundDone?.(true), () => this.onRoundDone?.(false));
    this.current = p;
    return p;
  }

  private async runRound(progress: ProgressListener): Promise<SyncRoundResult> {
    const { db, deviceId } = this.ledger;
    const config = readConfig(this.ledger);
    if (!config) throw new CommandError('UNAUTHORIZED', 'This PC is not connected to HQ yet. On the sync screen, enter HQ\'s address and an enrollment code from HQ.');
    const started = this.options.now();
    setMeta(db, KEYS.lastAttemptAt, started);
    // A PC whose ledger went back in time pushes nothing until a manager recovers it (./recover.ts).
    refuseIfDiverged(db);
    try {
      const own = readSettings(db).branchCode;
      if (config.branch && own !== config.branch) {
        // HQ would refuse every new row (403): say what to do instead of failing on each push.
        throw new CommandError('CONFLICT', `This PC is connected to HQ for branch ${config.branch}, but its settings now say branch ${own}. Set the branch code back to ${config.branch}, or connect again with a code for ${own}.`, { enrolledFor: config.branch, settings: own });
      }
      const state = await hqRequest(config.serverUrl, 'GET', '/v1/sync/state', syncStateResponse, { ...this.http(), token: config.token });
      this.noteClock(state.body.serverTime, state.sentAt, state.receivedAt);
      const { epoch, ackedSeq } = state.body;
      const epochChanged = this.adoptEpoch(epoch);
      assertSameChain(this.ledger, ackedSeq, state.body.chainHead, this.options.now());
      setMeta(db, KEYS.ackedSeq, ackedSeq);
      const pushed = await pushAll(this.ledger, config, epoch, ackedSeq, {
        ...this.http(),
        batchCount: this.options.batchCount,
        batchBytes: this.options.batchBytes,
        onProgress: (p) => {
          this.progress = p;
          progress({ task: 'sync', done: p.pushed, total: p.pushed + p.pending });
        },
      });
      const pulled = await pullAll(this.ledger, config, epoch, this.options.pullLimit, this.http());
      await reportParked(this.ledger, config, this.http());
      // HQ's branch list for the transfer form, kept for offline use (./branches.ts); never fails the round.
      await refreshBranches(this.ledger, config, this.http());
      const finished = this.options.now();
      writeTransaction(this.ledger, () => {
        setMeta(db, KEYS.online, 1);
        setMeta(db, KEYS.lastSuccessAt, finished);
        setMeta(db, KEYS.lastError, null);
      });
      const pending = headSeq(db, deviceId) - getNumber(db, KEYS.ackedSeq);
      return { pushed: pushed.pushed, duplicates: pushed.duplicates, quarantined: pushed.quarantined, batches: pushed.batches, pulled, pending, epochChanged, ms: finished - started };
    } catch (err) {
      const e = toCommandError(err);
      if (db.open) {
        writeTransaction(this.ledger, () => {
          // Only an exchange with HQ says whether it is reachable; a refusal before any request says nothing.
          if (err instanceof HqError) setMeta(db, KEYS.online, err.status === 0 && err.code === 'OFFLINE' ? 0 : 1);
          setMeta(db, KEYS.lastError, e.message);
          recordError(db, this.options.now(), e.code, e.message);
        });
      }
      throw e;
    }
  }

  /**
   * HQ restored from a backup has a new epoch and may have lost rows: forget the pull cursor, send
   * the headers again, and push from HQ's own ackedSeq (the caller sets it) instead of ours.
   */
  private adoptEpoch(epoch: string): boolean {
    const { db } = this.ledger;
    return writeTransaction(this.ledger, () => {
      const stored = getMeta(db, KEYS.epoch);
      if (stored === epoch) return false;
      if (stored !== null) {
        setMeta(db, KEYS.pullCursor, 0);
        resendAllDocs(db);
      }
      setMeta(db, KEYS.epoch, epoch);
      return stored !== null;
    });
  }

  /** Skew = HQ's clock minus ours at the middle of the exchange. Shown only; never used for order. */
  private noteClock(serverTime: string, sentAt: number, receivedAt: number): void {
    const hq = Date.parse(serverTime);
    if (Number.isNaN(hq)) return;
    setMeta(this.ledger.db, KEYS.skewMs, Math.round(hq - (sentAt + receivedAt) / 2));
  }
}
