import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

export interface Log {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  /** Logs the error with its stack under a short reference and returns it, for the clerk to quote. */
  error(message: string, err?: unknown, fields?: Record<string, unknown>): string;
  readonly file: string | null;
}

export interface RotatingLogOptions {
  /** A file that reaches this size is moved to name.1.log (and older ones up by one). */
  maxBytes?: number;
  /** How many old files are kept besides the current one. */
  keep?: number;
}

/** A short reference a clerk can read out on the phone; the log line carries it too. */
export const newRef = () => randomBytes(4).toString('hex');

/**
 * Appends one JSON line per event to `<dir>/<name>.log`, rotating by size, so the logs of a till that
 * runs for years stay a few megabytes. Synchronous writes: events are rare (start, stop, failures) and
 * a line written just before a crash must be on disk. With no folder (tests, CLI) it only formats.
 */
export function rotatingLog(dir: string | null | undefined, name: string, options: RotatingLogOptions = {}): Log {
  const maxBytes = options.maxBytes ?? 1_000_000;
  const keep = options.keep ?? 4;
  const file = dir ? join(dir, `${name}.log`) : null;
  if (dir) mkdirSync(dir, { recursive: true });

  const rotate = () => {
    if (!file || !dir || !existsSync(file) || statSync(file).size < maxBytes) return;
    rmSync(join(dir, `${name}.${keep}.log`), { force: true });
    for (let i = keep - 1; i >= 1; i--) {
      const from = join(dir, `${name}.${i}.log`);
      if (existsSync(from)) renameSync(from, join(dir, `${name}.${i + 1}.log`));
    }
    renameSync(file, join(dir, `${name}.1.log`));
  };
  const write = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (!file) return;
    try {
      rotate();
      appendFileSync(file, `${JSON.stringify({ time: new Date().toISOString(), level, message, ...fields })}\n`);
    } catch {
      // A log that cannot be written (disk full, folder gone) must never stop the app.
    }
  };
  return {
    file,
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, err, f) => {
      const ref = newRef();
      const e = err as { message?: string; stack?: string; code?: string } | undefined;
      write('error', m, { ref, ...f, ...(e ? { error: e.message ?? String(err), code: e.code, stack: e.stack } : {}) });
      return ref;
    },
  };
}
