/**
 * The app as a shop PC serves it: `stock-ledger app --db FILE --no-open --port 0` run from the built
 * package (bin/stock-ledger.js → dist/electron/cli.js), which starts the ledger worker bundle
 * (dist/electron/worker.js) through the WorkerHost and serves dist/renderer with the command API.
 * The test reads and writes the ledger the way a local integration would: HTTP with the bearer token.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandInput, CommandName, CommandResult } from '../../shared/contract';
import { CommandError, type CommandOutcome } from '../../shared/errors';
import { REPO_ROOT, type TestClock } from './harness';

export const CLI = join(REPO_ROOT, 'bin', 'stock-ledger.js');

/** What a spec may do with the ledger behind the page, whichever transport the page uses. */
export interface LedgerAccess {
  call(name: string, payload?: unknown): Promise<CommandOutcome<unknown>>;
  run<N extends CommandName>(name: N, payload?: CommandInput<N>): Promise<CommandResult<N>>;
  /**
   * The ledger file: `db` is a raw SQLite connection to it, for tampering "behind the app's back"
   * (another process's view); `deviceId` as the ledger reports it.
   */
  ledger: { db: Database.Database; file: string; deviceId: string };
}

export interface ServedApp {
  /** The address the CLI printed, with the launch token. */
  url: string;
  apiBase: string;
  token: string;
  host: LedgerAccess;
  process: ChildProcess;
  /** What the app (and its ledger worker) wrote to stderr so far: kept with a failed test. */
  stderr(): string;
  /** Ctrl-C, as a clerk would: answers the exit code (0 = the ledger was closed cleanly). */
  stop(): Promise<number | null>;
}

/** A command over the local API with the bearer token, like a till would send it. */
export function apiAccess(apiBase: string, token: string, file: string, deviceId: string): LedgerAccess & { closeDb(): void } {
  let db: Database.Database | null = null;
  const call = async (name: string, payload?: unknown): Promise<CommandOutcome<unknown>> => {
    const res = await fetch(`${apiBase}/api/commands/${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      body: payload === undefined ? undefined : JSON.stringify(payload),
    });
    return (await res.json()) as CommandOutcome<unknown>;
  };
  return {
    call,
    async run(name, payload) {
      const outcome = await call(name, payload);
      if (!outcome.ok) throw new CommandError(outcome.error.code, outcome.error.message, outcome.error.details);
      return outcome.result as never;
    },
    ledger: {
      file,
      deviceId,
      get db() {
        if (!db) {
          db = new Database(file);
          db.pragma('busy_timeout = 10000');
        }
        return db;
      },
    },
    closeDb: () => { db?.close(); db = null; },
  };
}

/** Starts `stock-ledger app` on `file` and waits for the address it prints. */
export async function startServedApp(file: string): Promise<ServedApp> {
  if (!existsSync(join(REPO_ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/electron/cli.js is missing: run `npm run build` first.');
  const child = spawn(process.execPath, [CLI, '--db', file, 'app', '--no-open', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stderr!.on('data', (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stock-ledger app did not print its address in 30 s.\n${out}\n${err}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+(?=\n)/.exec(out);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`stock-ledger app exited (${code}) before serving.\n${out}\n${err}`)); });
  });
  const parsed = new URL(url);
  const token = parsed.searchParams.get('token')!;
  const status = await apiAccess(parsed.origin, token, file, '').run('app.status', {});
  const access = apiAccess(parsed.origin, token, file, status.deviceId);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    url, apiBase: parsed.origin, token, host: access, process: child,
    stderr: () => err,
    stop: async () => {
      access.closeDb();
      if (child.exitCode === null) child.kill('SIGINT');
      const code = await exited;
      if (code !== 0) throw new Error(`stock-ledger app did not close cleanly (exit ${code}).\n${err}`);
      return code;
    },
  };
}

/** The served app runs on the real clock: a spec that must move time uses `test.use({ inProcess: true })`. */
export const REAL_CLOCK: TestClock = {
  now: () => Date.now(),
  set: () => { throw new Error('The served app (renderer → HTTP → worker) runs on the real clock. A spec that must control time needs test.use({ inProcess: true }).'); },
};
