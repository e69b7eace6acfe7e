import { copyFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { FastifyInstance } from 'fastify';
import { afterEach } from 'vitest';
import { buildHqServer, type HqServerOptions } from '../../server/app';
import { issueEnrollmentCode } from '../../server/auth';
import { HQ_SQLITE_FILE, openStore } from '../../server/store/open';
import type { HqStore } from '../../server/store/store';
import { uuidv7 } from '../../shared/ids';
import type { LedgerHost } from '../../electron/host/inProcessHost';
import type { SyncOptions } from '../../electron/sync/engine';
import { syncEngineFor } from '../../electron/sync/registry';
import { SyncScheduler, type SchedulerOptions } from '../../electron/sync/scheduler';
import { seedItems, tempDir, tempHost } from '../helpers/tempLedger';
import { openTestStore, STORE_KINDS, type StoreKind } from '../server/helpers/hq';

export { STORE_KINDS, type StoreKind };

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** Short timers so fault tests finish quickly; production defaults are in engine.ts / scheduler.ts. */
export const FAST_SYNC: Partial<SyncOptions> = { timeoutMs: 15_000 };
export const FAST_SCHEDULER: Partial<SchedulerOptions> = { intervalMs: 300, watchMs: 50, afterWriteMs: 20, baseMs: 20, capMs: 400 };

/**
 * A real HQ on loopback that can be "killed" and started again on the same port, with the store
 * reopened from the same file or PostgreSQL schema (a fresh HQ process reading what the last one stored).
 */
export class TestHq {
  app!: FastifyInstance;
  port = 0;
  restarts = 0;
  /** The store the running server uses (reopened on every restart). */
  store: HqStore;
  private reopened: HqStore[] = [];

  private constructor(readonly kind: StoreKind, private readonly original: HqStore & { dataDir?: string; pgSchema?: string; pgAppRole?: string }, private readonly options: Partial<HqServerOptions>) {
    this.store = original;
  }

  static async start(kind: StoreKind, options: Partial<HqServerOptions> = {}): Promise<TestHq> {
    const hq = new TestHq(kind, await openTestStore(kind), options);
    await hq.listen();
    cleanups.push(() => hq.stop());
    return hq;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get sqliteFile(): string | null {
    return this.original.dataDir ? join(this.original.dataDir, HQ_SQLITE_FILE) : null;
  }

  private async listen(): Promise<void> {
    this.app = buildHqServer({ store: this.store, ...this.options });
    await this.app.listen({ host: '127.0.0.1', port: this.port });
    this.port = (this.app.server.address() as { port: number }).port;
  }

  /** Kill: every connection cut at once, server closed; then a new server on a reopened store, same port. */
  async restart(): Promise<void> {
    this.app.server.closeAllConnections();
    await this.app.close();
    await this.reopenStore();
    await this.listen();
    this.restarts += 1;
  }

  private async reopenStore(): Promise<void> {
    const previous = this.store;
    this.store = this.original.dataDir
      ? await openStore({ dataDir: this.original.dataDir })
      : await openStore({ databaseUrl: process.env.TEST_DATABASE_URL!, pgSchema: this.original.pgSchema, pgAppRole: this.original.pgAppRole });
    this.reopened.push(this.store);
    if (previous !== this.original) await previous.close();
    this.reopened = this.reopened.filter((s) => s !== previous);
  }

  /**
   * HQ restored from a backup (SQLite only): the server stops, the backup file replaces the store, and
   * the restore writes a new epoch, as a restore procedure must so that clients re-send.
   */
  async restoreFrom(backupFile: string): Promise<void> {
    await this.app.close();
    for (const s of [this.store, this.original]) await s.close();
    copyFileSync(backupFile, this.sqliteFile!);
    for (const suffix of ['-wal', '-shm']) rmSync(this.sqliteFile! + suffix, { force: true });
    const db = new Database(this.sqliteFile!);
    db.prepare(`UPDATE meta SET value = ? WHERE key = 'epoch'`).run(uuidv7());
    db.close();
    this.store = await openStore({ dataDir: this.original.dataDir });
    this.reopened.push(this.store);
    await this.listen();
  }

  /** A consistent copy of HQ's SQLite file, for restoreFrom. */
  async backup(to: string): Promise<void> {
    const db = new Database(this.sqliteFile!, { readonly: true });
    await db.backup(to);
    db.close();
  }

  async enrollmentCode(branch: string): Promise<string> {
    if (!(await this.store.listBranches()).some((b) => b.code === branch)) await this.store.addBranch({ code: branch, name: `Branch ${branch}` });
    return (await issueEnrollmentCode(this.store, branch)).code;
  }

  async stop(): Promise<void> {
    await this.app.close();
    for (const s of this.reopened) await s.close();
    this.reopened = [];
  }
}

export interface Pc {
  host: LedgerHost & { dir: string; file: string };
  branch: string;
  /** Starts the scheduler as the worker does (backgroundJobs); stopped after the test. */
  startScheduler(options?: Partial<SchedulerOptions>): SyncScheduler;
}

/** A branch PC: a real ledger file, enrolled with HQ through `sync.configure` (via `serverUrl`, e.g. a proxy). */
export async function branchPc(hq: TestHq, branch: string, options: { serverUrl?: string; skus?: string[]; sync?: Partial<SyncOptions> } = {}): Promise<Pc> {
  const host = tempHost();
  syncEngineFor(host.ledger, { ...FAST_SYNC, ...options.sync });
  if (options.skus) await seedItems(host, options.skus);
  await host.run('sync.configure', { serverUrl: options.serverUrl ?? hq.url, enrollmentCode: await hq.enrollmentCode(branch) });
  return {
    host,
    branch,
    startScheduler(schedulerOptions = {}) {
      const s = new SyncScheduler(syncEngineFor(host.ledger), { ...FAST_SCHEDULER, ...schedulerOptions });
      s.start();
      // Runs before the ledger is closed (tempHost's cleanup runs after this file's).
      cleanups.push(() => s.stop());
      return s;
    },
  };
}

export { tempDir };

/** Polls until `check` holds (or throws with what it last saw). */
export async function eventually<T>(what: string, probe: () => Promise<T> | T, check: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: T;
  for (;;) {
    last = await probe();
    if (check(last)) return last;
    if (Date.now() > until) throw new Error(`${what}: still not true after ${timeoutMs} ms; last seen ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
