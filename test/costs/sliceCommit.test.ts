import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backlogEmpty } from '../../electron/costs/backlog';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { tempDir } from '../helpers/tempLedger';
import { costHost, day, post } from './helpers';

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
async function idle(host: LedgerHost): Promise<void> {
  for (let i = 0; i < 1000 && !backlogEmpty(host.ledger.db); i++) await turn();
  expect(backlogEmpty(host.ledger.db)).toBe(true);
}

/** Logs the connection's `synchronous` level each time a row lands in `table` (a temp trigger: it runs inside that very transaction). */
function probeSynchronous(host: LedgerHost, table: string): () => number[] {
  const db = host.ledger.db;
  db.exec(`CREATE TEMP TABLE IF NOT EXISTS probe (tbl TEXT, level INTEGER)`);
  db.exec(`CREATE TEMP TRIGGER probe_${table} AFTER INSERT ON main.${table}
    BEGIN INSERT INTO probe SELECT '${table}', synchronous FROM pragma_synchronous; END`);
  return () => db.prepare(`SELECT DISTINCT level FROM probe WHERE tbl = ?`).pluck().all(table) as number[];
}

describe('FIFO costing slices commit without an fsync, the clerk’s transactions with one', () => {
  it('a slice runs under synchronous=NORMAL and the next sale is fsynced (FULL) again', async () => {
    const host = await costHost(['TEA']);
    expect(host.ledger.db.pragma('synchronous', { simple: true })).toBe(2); // FULL: the ledger's own setting
    const costed = probeSynchronous(host, 'cost_moves');
    const appended = probeSynchronous(host, 'movement_rows');
    await post(host, 'receive', 'TEA', 10, day(1), 100);
    await idle(host);
    await post(host, 'sale', 'TEA', 3, day(2));
    await idle(host);
    expect(costed()).toEqual([1]); // NORMAL
    expect(appended()).toEqual([2]); // FULL, before and after the slices
    expect(host.ledger.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(await host.run('costs.item', { sku: 'TEA' })).toMatchObject({ qty: 7, value: 700 });
  });

  it('a slice that fails leaves FULL in place and its work queued', async () => {
    const host = await costHost(['TEA']);
    const db = host.ledger.db;
    db.exec(`CREATE TEMP TRIGGER refuse AFTER INSERT ON main.cost_moves BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => { errors.push(args); };
    try {
      await post(host, 'receive', 'TEA', 10, day(1), 100);
      for (let i = 0; i < 5; i++) await turn();
    } finally {
      console.error = original;
    }
    expect(errors.length).toBeGreaterThan(0);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(backlogEmpty(db)).toBe(false);
    db.exec(`DROP TRIGGER temp.refuse`);
    expect(await host.run('costs.item', { sku: 'TEA' })).toMatchObject({ qty: 10, value: 1000 });
  });

  it('a slice lost with the unsynced end of the WAL (a power cut) leaves the same work queued, and redoing it gives the same costs', async () => {
    const host = await costHost(['TEA']);
    await post(host, 'receive', 'TEA', 10, day(1), 100);
    await idle(host);
    const wal = `${host.ledger.file}-wal`;
    await post(host, 'sale', 'TEA', 4, day(2));
    // Everything up to here was fsynced by the sale's FULL commit; the slice after it was not.
    const synced = statSync(wal).size;
    await idle(host);
    expect(statSync(wal).size).toBeGreaterThan(synced);
    const expected = await host.run('costs.item', { sku: 'TEA' });
    // The file as a power cut may leave it: the database file, and the WAL only as far as it was synced.
    const dir = join(tempDir(), 'after-power-cut');
    mkdirSync(dir);
    const file = join(dir, 'branch.sqlite');
    copyFileSync(host.ledger.file, file);
    writeFileSync(`${file}-wal`, readFileSync(wal).subarray(0, synced));
    const reopened = new LedgerHost(file);
    try {
      const db = reopened.ledger.db;
      expect(db.prepare(`SELECT count(*) FROM movements WHERE sku = 'TEA'`).pluck().get()).toBe(2); // the sale survived
      expect(backlogEmpty(db)).toBe(false); // its costing did not, and is still to do
      expect(db.prepare(`SELECT qty FROM cost_items WHERE sku = 'TEA'`).pluck().get()).toBe(10);
      expect(await reopened.run('costs.item', { sku: 'TEA' })).toEqual(expected);
      expect(await reopened.run('ledger.check', {})).toMatchObject({ ok: true, drift: [] });
    } finally {
      reopened.close();
    }
  });
});
