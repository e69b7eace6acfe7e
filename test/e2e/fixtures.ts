/**
 * Playwright fixtures on top of the harness. Each worker seeds one realistic shop into a template file
 * once; each test gets its own copy of it (a real SQLite file) served by `stock-ledger app` (the built
 * CLI, the ledger worker bundle, the WorkerHost), and the page drives it the way it ships:
 * renderer → HTTP transport → local server → WorkerHost → worker thread → ledger.
 *
 * `test.use({ seeded: false })` gives a fresh, empty ledger instead (first run).
 * `test.use({ inProcess: true })` binds an in-process LedgerHost into the page instead (the old
 * exposeBinding transport), only for a spec that must move the ledger's clock (`ledger.clock.set`).
 */
import { test as base, expect, type Page, type Route, type TestInfo } from '@playwright/test';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SchedulerDiagnostics } from '../../shared/contract/sync';
import type { CommandOutcome } from '../../shared/errors';
import { bindLedger, openTempLedger, serveRenderer, type BridgeFaults, type ServedRenderer, type TestClock } from './harness';
import { seedShop, type SeededShop } from './seed';
import { REAL_CLOCK, startServedApp, type LedgerAccess, type ServedApp } from './servedApp';

interface Template { file: string; shop: SeededShop }

/** The ledger behind the page: `host.run`/`host.call` reach it through the same worker the page uses. */
export interface TestLedger {
  host: LedgerAccess;
  file: string;
  dir: string;
  /** Movable only with `inProcess: true`; the served app runs on the real clock (set() throws). */
  clock: TestClock;
}

export interface Shop {
  page: Page;
  ledger: TestLedger;
  shop: SeededShop;
  url: string;
  /** Set `faults.answer` to tamper with what the page receives (the ledger still ran the command). */
  faults: BridgeFaults;
}

/** Replaces the answers the page receives over HTTP while `faults.answer` is set; otherwise the request goes through untouched. */
async function injectFaults(page: Page, faults: BridgeFaults): Promise<void> {
  await page.route('**/api/commands/*', async (route: Route) => {
    if (!faults.answer) return route.continue();
    const name = decodeURIComponent(new URL(route.request().url()).pathname.split('/').pop() ?? '');
    // Playwright's own client may reuse a keep-alive socket the app server has just closed (ECONNRESET
    // under load); a browser retries such a request, and so does this stand-in for the browser.
    const response = await route.fetch().catch((err: Error) => {
      if (!/ECONNRESET|socket hang up/.test(err.message)) throw err;
      return route.fetch();
    });
    const outcome = (await response.json()) as CommandOutcome<unknown>;
    await route.fulfill({ response, json: faults.answer(name, outcome) });
  });
}

/** Attaches the served app's stderr and sync's state to a failed test's report. */
async function keepDiagnostics(testInfo: TestInfo, served: ServedApp): Promise<void> {
  await testInfo.attach('stock-ledger app stderr', { body: served.stderr() || '(nothing)', contentType: 'text/plain' });
  const outcome = await served.host.call('sync.status', {}).catch((err: Error) => ({ ok: false, error: err.message }));
  // The scheduling fields first, one per line: the report prints only the start of a text attachment.
  const status: Record<string, unknown> = outcome.ok ? (outcome as { result: Record<string, unknown> }).result : { ...outcome };
  const first = ['pending', 'ackedSeq', 'headSeq', 'running', 'online', 'lastAttemptAt', 'lastSuccessAt', 'nextAttemptAt', 'lastError', 'progress', 'diverged'];
  const lines = [...first, 'recentErrors'].filter((k) => k in status).map((k) => `${k}: ${JSON.stringify(status[k])}`);
  await testInfo.attach('sync.status', { body: lines.join('\n') || JSON.stringify(status), contentType: 'text/plain' });
  // The ledger worker's scheduler (its own attachment: the report prints 300 characters of each): its state
  // when the test failed, then its latest decisions, newest first.
  const scheduler = status.scheduler as SchedulerDiagnostics | null | undefined;
  if (scheduler) {
    const t = (iso: string | null) => (iso ? iso.slice(11, 23) : '-');
    const s = scheduler;
    const head = `now ${t(new Date().toISOString())} | timer ${t(s.timerDueAt)} | round ${s.roundInFlight ? 'in flight' : 'idle'}${s.roundAfterThis ? ' +1' : ''} | backoff ${t(s.backingOffUntil)} | fails ${s.failuresInARow} | rounds ${s.rounds} | looked ${t(s.lastWatchAt)} no.${s.lastHeadSeen ?? '-'}${s.stopped ? ' | STOPPED' : ''}`;
    await testInfo.attach('sync scheduler', { body: [head, ...s.recent.map((e) => `${t(e.at)} ${e.event}`)].join('\n'), contentType: 'text/plain' });
  }
}

export const test = base.extend<{ seeded: boolean; inProcess: boolean; app: Shop }, { server: ServedRenderer; template: Template }>({
  // The renderer served alone, for `inProcess` specs (and anything else that binds its own host).
  server: [async ({}, use) => {
    const server = await serveRenderer();
    await use(server);
    await server.close();
  }, { scope: 'worker' }],
  template: [async ({}, use) => {
    const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-template-'));
    // Seeding lays down two months of history on a moving clock, so it runs in process, before the app opens the copy.
    const ledger = openTempLedger();
    const shop = await seedShop(ledger.host, ledger.clock);
    const file = join(dir, 'template.sqlite');
    ledger.host.ledger.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    await ledger.host.ledger.db.backup(file);
    ledger.close();
    await use({ file, shop });
    rmSync(dir, { recursive: true, force: true });
  }, { scope: 'worker', timeout: 120_000 }],
  seeded: [true, { option: true }],
  inProcess: [false, { option: true }],
  app: async ({ page, template, seeded, inProcess }, use, testInfo) => {
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
    const faults: BridgeFaults = {};
    // A page that threw (or broke its CSP) fails the test even when the screen looked right. Checked
    // before the server stops, when the page's event stream rightly complains that it went away.
    const noErrors = () => expect(errors, 'errors in the page').toEqual([]);

    if (inProcess) {
      const ledger = openTempLedger(seeded ? template.file : undefined);
      const server = await serveRenderer();
      try {
        await bindLedger(page, ledger.host, { answer: (name, outcome) => (faults.answer ? faults.answer(name, outcome) : outcome) });
        await page.goto(server.url);
        await use({ page, ledger, shop: template.shop, url: server.url, faults });
        noErrors();
      } finally {
        ledger.close();
        await server.close();
      }
      return;
    }

    const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-e2e-'));
    const file = join(dir, 'branch.sqlite');
    if (seeded) copyFileSync(template.file, file);
    const served = await startServedApp(file);
    try {
      await injectFaults(page, faults);
      await page.goto(served.url);
      await use({ page, ledger: { host: served.host, file, dir, clock: REAL_CLOCK }, shop: template.shop, url: served.url, faults });
      noErrors();
    } finally {
      // A failed test keeps what the app said and sync's recent errors (the files go with the temp dir).
      if (testInfo.status !== testInfo.expectedStatus) await keepDiagnostics(testInfo, served);
      // A request the page still has in flight (a poll, a read after the last step) must not reach a
      // server that is stopping: its refused connection would fail a test that had passed.
      await page.unrouteAll({ behavior: 'ignoreErrors' });
      await served.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
});

export { expect };

/** Signs in through the sign-in screen: pick the name, type the PIN, Enter. */
export async function signIn(page: Page, name: string, pin: string): Promise<void> {
  await page.getByTestId(`clerk-${name}`).click();
  await page.getByTestId('signin-pin').fill(pin);
  await page.getByTestId('signin-pin').press('Enter');
  await expect(page.getByTestId('status-clerk')).toContainText(name);
}

/** The on-hand / reserved / available of one item, read from the ledger (not the screen). */
export async function stockOf(ledger: TestLedger, sku: string) {
  return ledger.host.run('stock.get', { sku });
}
