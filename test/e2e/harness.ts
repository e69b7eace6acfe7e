/**
 * The end-to-end harness's building blocks. The Playwright specs drive the app as `stock-ledger app`
 * serves it (servedApp.ts, through fixtures.ts). What is here serves the Vite-built renderer over
 * loopback alone and binds an in-process LedgerHost into the page in place of the preload
 * (Playwright's exposeBinding): used by specs that must move the ledger's clock (`inProcess: true`)
 * and by bench/uiStockList.ts. The page sees the same `window.stockLedger` either way (one function
 * per contract command, answering `{ ok, result } | { ok: false, error }`).
 *
 * Nothing here depends on the Playwright test runner.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Page } from '@playwright/test';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { COMMAND_NAMES } from '../../shared/contract';
import type { CommandOutcome } from '../../shared/errors';

export const REPO_ROOT = resolve(__dirname, '../..');
export const RENDERER_DIR = join(REPO_ROOT, 'dist', 'renderer');
export const SCREENSHOT_DIR = join(REPO_ROOT, 'test-results', 'screenshots');
export const VIEWPORT = { width: 1366, height: 768 };

/** How Debian's Chromium is launched here (Playwright's own browser download is never used). */
export const CHROMIUM_LAUNCH = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--lang=en-GB'],
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.map': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2',
};

export interface ServedRenderer {
  url: string;
  close(): Promise<void>;
}

/** Serves dist/renderer on 127.0.0.1 (a free port). Build it first: `npm run build`. */
export async function serveRenderer(dir: string = RENDERER_DIR): Promise<ServedRenderer> {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`${dir}/index.html is missing: run \`npm run build\` first.`);
  const root = resolve(dir);
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    // Chromium asks for a favicon; Electron's window does not. Answer "nothing" rather than 404.
    if (path === '/favicon.ico') { res.writeHead(204).end(); return; }
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep)) { res.writeHead(403).end(); return; }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body),
      () => res.writeHead(404).end('not found'),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/index.html`,
    close: () => new Promise<void>((ok) => { server.closeAllConnections(); server.close(() => ok()); }),
  };
}

/** A clock the seeding can move (to lay down weeks of history); `null` means the real time. */
export interface TestClock {
  set(ms: number | null): void;
  now(): number;
}

export interface TempLedger {
  host: LedgerHost;
  file: string;
  dir: string;
  clock: TestClock;
  close(): void;
}

/** A real ledger file in a fresh temp dir (optionally a copy of `template`), with a movable clock. */
export function openTempLedger(template?: string): TempLedger {
  const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-e2e-'));
  const file = join(dir, 'branch.sqlite');
  if (template) copyFileSync(template, file);
  let fixed: number | null = null;
  const clock: TestClock = { set: (ms) => { fixed = ms; }, now: () => fixed ?? Date.now() };
  const host = new LedgerHost(file, { now: clock.now });
  return {
    host, file, dir, clock,
    close: () => { host.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/**
 * Installs `window.stockLedger` in the page exactly as the preload does: one function per contract
 * command (COMMAND_NAMES), each forwarding `(name, payload)` to the host and answering its outcome.
 * Call before `page.goto`. addInitScript runs before the page's scripts and is not subject to its CSP.
 */
export interface BridgeFaults {
  /** Runs after the host answered and may replace the answer the page receives (e.g. "connection lost"). */
  answer?(name: string, outcome: CommandOutcome<unknown>): CommandOutcome<unknown>;
}

export async function bindLedger(page: Page, host: LedgerHost, faults: BridgeFaults = {}): Promise<void> {
  await page.exposeBinding('__stockLedgerCall', async (_source, name: unknown, payload: unknown) => {
    const outcome = await host.call(String(name), payload);
    return faults.answer ? faults.answer(String(name), outcome) : outcome;
  });
  await page.addInitScript((names: string[]) => {
    // (globalThis is the page's window; this function runs in the page, not in Node.)
    const send = (globalThis as unknown as { __stockLedgerCall: (n: string, p: unknown) => Promise<unknown> }).__stockLedgerCall;
    const api: Record<string, (payload?: unknown) => Promise<unknown>> = {};
    for (const name of names) api[name] = (payload?: unknown) => send(name, payload);
    Object.defineProperty(globalThis, 'stockLedger', { value: Object.freeze(api), writable: false, configurable: false });
  }, [...COMMAND_NAMES]);
}

/** A 1366×768 screenshot into test-results/screenshots/<name>.png; answers the path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}
