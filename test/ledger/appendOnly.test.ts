import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { seedItems, tempHost } from '../helpers/tempLedger';

async function ledgerWithHistory() {
  const host = tempHost();
  await seedItems(host, ['A', 'B']);
  await host.run('documents.record', { type: 'receive', lines: [{ sku: 'A', qty: 10, unitCost: 100 }, { sku: 'B', qty: 5 }], actor: 'ann' });
  await host.run('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 3 }], actor: 'bob' });
  await host.run('documents.record', { type: 'sale', lines: [{ sku: 'B', qty: 1 }], actor: 'bob' });
  return host;
}

function sqlite3(file: string, sql: string): { status: number; out: string } {
  try {
    return { status: 0, out: execFileSync('sqlite3', [file, sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) };
  } catch (err) {
    const e = err as { status: number; stderr: string };
    return { status: e.status, out: e.stderr };
  }
}

describe('append-only ledger', () => {
  it('refuses UPDATE and DELETE on movements from a second connection', async () => {
    const host = await ledgerWithHistory();
    const db = new Database(host.file);
    try {
      expect(() => db.prepare(`UPDATE movement_rows SET on_hand_delta = 100 WHERE seq = 1`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`DELETE FROM movement_rows WHERE seq = 1`).run()).toThrow(/append-only/);
      // `movements` is the view every reader uses (leanRows.ts): it cannot be written at all.
      expect(() => db.prepare(`UPDATE movements SET on_hand_delta = 100 WHERE seq = 1`).run()).toThrow(/cannot modify movements because it is a view/);
      expect(() => db.prepare(`UPDATE devices SET device_id = 'x'`).run()).toThrow(/append-only/);
      expect(() => db.prepare(`UPDATE documents SET actor = 'mallory'`).run()).toThrow(/append-only/);
    } finally {
      db.close();
    }
    expect((await host.run('stock.get', { sku: 'A' })).onHand).toBe(7);
  });

  it('refuses edits made from the sqlite3 shell', async () => {
    const host = await ledgerWithHistory();
    const update = sqlite3(host.file, `UPDATE movement_rows SET qty = 99 WHERE seq = 2;`);
    expect(update.status).not.toBe(0);
    expect(update.out).toMatch(/append-only/);
    const del = sqlite3(host.file, `DELETE FROM movement_rows;`);
    expect(del.status).not.toBe(0);
    expect(sqlite3(host.file, `SELECT count(*) FROM movements;`).out.trim()).toBe('4');
    expect(await host.run('ledger.verify')).toMatchObject({ ok: true, movements: 4 });
  });

  it('verify names the first bad row after someone drops the trigger and edits a row', async () => {
    const host = await ledgerWithHistory();
    host.close();
    const edit = sqlite3(host.file, `DROP TRIGGER movements_no_update; UPDATE movement_rows SET on_hand_delta = -1, qty = 1 WHERE seq = 3;`);
    expect(edit.status).toBe(0);
    const reopened = new LedgerHost(host.file);
    try {
      const result = await reopened.run('ledger.verify');
      expect(result.ok).toBe(false);
      expect(result.firstBad).toMatchObject({ seq: 3, deviceSeq: 3 });
      expect(result.firstBad!.problem).toMatch(/edited/);
    } finally {
      reopened.close();
    }
  });

  it('verify finds a row removed behind the app\'s back', async () => {
    const host = await ledgerWithHistory();
    host.close();
    expect(sqlite3(host.file, `DROP TRIGGER movements_no_delete; DELETE FROM movement_rows WHERE seq = 2;`).status).toBe(0);
    const reopened = new LedgerHost(host.file);
    try {
      const result = await reopened.run('ledger.verify');
      expect(result.ok).toBe(false);
      expect(result.firstBad).toMatchObject({ seq: 3, deviceSeq: 3 });
      expect(result.firstBad!.problem).toMatch(/removed/);
    } finally {
      reopened.close();
    }
  });

  it('a refused document leaves the ledger and its caches exactly as they were', async () => {
    const host = await ledgerWithHistory();
    const before = new Database(host.file, { readonly: true });
    const snapshot = () => JSON.stringify([
      before.prepare('SELECT * FROM movements ORDER BY seq').all(),
      before.prepare('SELECT * FROM balances ORDER BY sku').all(),
      before.prepare('SELECT * FROM snapshots_occurred ORDER BY sku, day').all(),
      before.prepare('SELECT * FROM documents ORDER BY id').all(),
    ]);
    const was = snapshot();
    const refused = await host.call('documents.record', { type: 'sale', lines: [{ sku: 'A', qty: 2 }, { sku: 'B', qty: 1 }, { sku: 'A', qty: 6 }], actor: 'bob' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INSUFFICIENT_STOCK' } });
    expect(snapshot()).toBe(was);
    before.close();
  });
});
