import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { foldLedgerOnTwoCores } from '../../electron/ledger/foldOnTwoCores';
import { checkCaches, rebuildCaches } from '../../electron/ledger/rebuild';
import { writeTransaction } from '../../electron/ledger/write';
import { seedItems, tempDir, tempHost } from '../helpers/tempLedger';

const root = resolve(__dirname, '../..');
const DAY = 86_400_000;
const TWO_CORES = { threads: 2, minRows: 10 };

/** A ledger whose learning days and business days differ: back-dated lines, several days, a clock change. */
async function ledgerOverDays() {
  let now = Date.parse('2026-03-20T08:00:00Z');
  const host = tempHost({ now: () => now });
  await host.run('settings.set', { timeZone: 'Europe/Berlin', allowNegativeStock: true });
  const skus = ['A', 'B', 'C', 'D'];
  await seedItems(host, skus);
  let x = 11;
  const random = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let b = 0; b < 30; b++) {
    now += Math.floor(random() * 2 * DAY);
    const lines = Array.from({ length: 1 + Math.floor(random() * 6) }, () => ({
      type: random() < 0.5 ? 'receive' as const : 'sale' as const,
      sku: skus[Math.floor(random() * skus.length)]!,
      qty: 1 + Math.floor(random() * 9),
      occurredAt: new Date(now - Math.floor(random() * 5 * DAY)).toISOString(),
    }));
    await host.run('documents.import', { id: `batch-${b}`, lines, actor: 'gen' });
  }
  return host;
}

/** Clears the core caches and folds them again in one write transaction; says how it folded. */
function refold(host: ReturnType<typeof tempHost>, options: { threads: number; minRows: number }) {
  return writeTransaction(host.ledger, () => {
    for (const t of ['balances', 'snapshots_occurred', 'snapshots_learned']) host.ledger.db.exec(`DELETE FROM ${t}`);
    return foldLedgerOnTwoCores(host.ledger, '', 'Europe/Berlin', () => {}, 'rebuild', options);
  });
}

const dump = (host: ReturnType<typeof tempHost>) =>
  ['balances', 'snapshots_occurred', 'snapshots_learned'].map((t) => host.ledger.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all());

/** A stand-in helper that does not fold: it reports failure at once, or posts rows read from another snapshot. */
function standInHelper(body: string): string {
  const file = join(tempDir(), 'helper.js');
  writeFileSync(file, `const { workerData } = require('node:worker_threads');
    const state = new Int32Array(workerData.shared);
    ${body}
    Atomics.notify(state, 0);`);
  return file;
}

describe('the fold on two cores (rebuild and check)', () => {
  let helper = '';
  beforeAll(async () => {
    // The helper thread is a bundle (as in dist/electron); built here from source into a temp folder.
    helper = join(root, 'node_modules', '.cache', `learned-worker-${process.pid}.js`);
    await build({ entryPoints: [join(root, 'electron/ledger/learnedWorker.ts')], outfile: helper, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
    process.env.STOCK_LEDGER_LEARNED_WORKER = helper;
  });

  it('rebuilds exactly the caches the appends kept, with the learning days folded by the helper thread', async () => {
    const host = await ledgerOverDays();
    const kept = dump(host);
    expect(kept[2]!.length).toBeGreaterThan(20);
    const events: Array<{ done: number; total: number }> = [];
    rebuildCaches(host.ledger, (e) => events.push(e), TWO_CORES);
    expect(dump(host)).toEqual(kept);
    const total = (kept[0] as Array<{ movements: number }>).reduce((n, b) => n + b.movements, 0);
    expect(events.at(-1)).toMatchObject({ task: 'rebuild', done: total, total });
    expect(checkCaches(host.ledger, undefined, 200, TWO_CORES)).toMatchObject({ ok: true, drift: [] });
    // The helper's rows, not this thread's fallback, filled the learning days.
    expect(refold(host, TWO_CORES)).toBe('two cores');
    expect(dump(host)).toEqual(kept);
  });

  it('folds on one thread below the size where a second one pays, or when asked to', async () => {
    const host = await ledgerOverDays();
    for (const options of [{ threads: 2, minRows: 1e6 }, { threads: 1, minRows: 10 }]) {
      expect(refold(host, options)).toBe('one thread');
    }
    expect(checkCaches(host.ledger)).toMatchObject({ ok: true });
  });

  it('check on two cores still finds a cache row edited behind the app\'s back', async () => {
    const host = await ledgerOverDays();
    const { sku, day } = host.ledger.db.prepare(`SELECT sku, day FROM snapshots_learned ORDER BY sku, day LIMIT 1 OFFSET 5`).get() as { sku: string; day: string };
    host.ledger.db.prepare(`UPDATE snapshots_learned SET on_hand = on_hand + 7 WHERE sku = ? AND day = ?`).run(sku, day);
    const check = checkCaches(host.ledger, undefined, 200, TWO_CORES);
    expect(check.drift).toContainEqual(expect.objectContaining({ sku, day, table: 'snapshots_learned', field: 'onHand' }));
  });

  it('folds the learning days on this thread when the helper fails or read other rows', async () => {
    const host = await ledgerOverDays();
    const kept = dump(host);
    const stand = [
      standInHelper(`Atomics.store(state, 0, 3);`),
      // Rows from "another snapshot": one position more than this ledger has, and no rows.
      standInHelper(`workerData.port.postMessage({ rows: '[]', lastSeq: 1e9 }); Atomics.store(state, 0, 2);`),
    ];
    try {
      for (const file of stand) {
        process.env.STOCK_LEDGER_LEARNED_WORKER = file;
        expect(refold(host, TWO_CORES)).toBe('one thread');
        expect(dump(host)).toEqual(kept);
      }
    } finally {
      process.env.STOCK_LEDGER_LEARNED_WORKER = helper;
    }
  });
});
