import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchApp } from '../appServer/launch';
import { openBrowser } from './openBrowser';

export interface AppCommandOptions {
  db: string;
  port?: string;
  host?: string;
  open: boolean;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** The shipped files beside this bundle: dist/electron/cli.js → dist/electron/worker.js, dist/renderer. */
function shippedFiles(): { workerFile: string; rendererDir: string } {
  const workerFile = process.env.STOCK_LEDGER_WORKER ?? join(__dirname, 'worker.js');
  const rendererDir = process.env.STOCK_LEDGER_RENDERER ?? resolve(__dirname, '..', 'renderer');
  for (const f of [workerFile, join(rendererDir, 'index.html')]) {
    if (!existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first.`);
  }
  return { workerFile, rendererDir };
}

/**
 * `stock-ledger app`: the desktop app's screens in the browser, served from this PC. Runs until
 * Ctrl-C (or SIGTERM), then closes the ledger cleanly. A second start on the same ledger points at the
 * running one instead of opening the file twice.
 */
export async function appCommand(o: AppCommandOptions): Promise<number> {
  const port = o.port === undefined ? 0 : Number(o.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`--port must be a port number (0-65535), not ${JSON.stringify(o.port)}.\n`);
    return 1;
  }
  const host = o.host ?? '127.0.0.1';
  if (!LOOPBACK.has(host)) {
    process.stderr.write(`WARNING: serving on ${host}, not only on this PC. Anyone on that network who gets the token can use the ledger; keep the address private.\n`);
  }
  const launch = await launchApp({ ledgerFile: o.db, host, port, ...shippedFiles() });
  if (!launch.started) {
    const where = launch.running.url ?? '(still starting)';
    process.stdout.write(`Stock Ledger is already open on ${resolve(o.db)} (process ${launch.running.pid}):\n  ${where}\n`);
    if (o.open && launch.running.url) openBrowser(launch.running.url);
    return 3;
  }
  // Signal handlers go in before the address is printed: a program (or a quick Ctrl-C) acting on the
  // printed address must never meet Node's default SIGINT, which would end the process mid-write.
  const stopped = new Promise<number>((done) => {
    const stop = (signal: string) => {
      process.stderr.write(`\n${signal}: closing the ledger…\n`);
      launch.close().then(() => {
        process.stderr.write('Closed cleanly.\n');
        done(0);
      }, (err: Error) => {
        process.stderr.write(`Could not close cleanly: ${err.message}\n`);
        done(1);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGHUP', () => stop('SIGHUP'));
  });
  process.stdout.write(`Stock Ledger is serving ${resolve(o.db)}\n  ${launch.url}\n`);
  process.stdout.write(`API: POST ${launch.url.slice(0, launch.url.indexOf('/?'))}/api/commands/NAME (token in ${launch.infoFile})\nPress Ctrl-C to stop.\n`);
  if (o.open) openBrowser(launch.url);
  return stopped;
}
