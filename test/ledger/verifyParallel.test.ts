import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { verifyChains } from '../../electron/ledger/verify';
import { verifyChainsParallel } from '../../electron/ledger/verifyParallel';
import { movementFromRow, type MovementDbRow } from '../../electron/ledger/rows';
import { GENESIS_HASH, hashMovement } from '../../shared/movements/chain';
import { seedItems, tempDir, tempHost } from '../helpers/tempLedger';
import { storedLink } from '../../electron/ledger/linkStorage';

const root = resolve(__dirname, '../..');

async function ledgerWithRows(n: number) {
  const host = tempHost();
  await seedItems(host, ['A', 'B', 'C']);
  const lines = Array.from({ length: n }, (_, i) => ({ type: 'receive' as const, sku: ['A', 'B', 'C'][i % 3]!, qty: 1 + (i % 7) }));
  await host.run('documents.import', { id: 'many', lines, actor: 'ann' });
  return host;
}

describe('verify over several threads', () => {
  beforeAll(async () => {
    // The helper thread is a bundle (as in dist/electron); built here from source into a temp folder.
    const out = join(root, 'node_modules', '.cache', `verify-worker-${process.pid}.js`);
    await build({ entryPoints: [join(root, 'electron/ledger/verifyWorker.ts')], outfile: out, bundle: true, platform: 'node', format: 'cjs', packages: 'external', logLevel: 'error' });
    process.env.STOCK_LEDGER_VERIFY_WORKER = out;
  });

  it('gives the same answer as one walk on an intact ledger', async () => {
    const host = await ledgerWithRows(900);
    const events: number[] = [];
    const parallel = await verifyChainsParallel(host.ledger, (e) => events.push(e.done), { threads: 3, minRows: 10 });
    expect(parallel).toEqual(verifyChains(host.ledger));
    expect(parallel).toMatchObject({ ok: true, movements: 900, devices: 1 });
    expect(events.at(-1)).toBe(900);
  });

  it('names the same first bad row as one walk when rows in several pieces were edited or removed', async () => {
    const host = await ledgerWithRows(900);
    const file = host.file;
    host.close();
    // Edits in the second and third pieces, a removal in the third: the earliest break wins.
    execFileSync('sqlite3', [file, `DROP TRIGGER movements_no_update; DROP TRIGGER movements_no_delete;
      UPDATE movement_rows SET qty = qty + 1 WHERE seq = 700; DELETE FROM movement_rows WHERE seq = 650; UPDATE movement_rows SET note = 'x' WHERE seq = 420;`]);
    const reopened = new LedgerHost(file);
    try {
      const one = verifyChains(reopened.ledger);
      const parallel = await verifyChainsParallel(reopened.ledger, undefined, { threads: 3, minRows: 10 });
      expect(parallel).toEqual(one);
      expect(parallel.firstBad).toMatchObject({ seq: 420, problem: expect.stringContaining('content no longer matches') });
    } finally {
      reopened.close();
    }
  });

  it('falls back to one walk when the helper thread is not built', async () => {
    const host = await ledgerWithRows(30);
    const saved = process.env.STOCK_LEDGER_VERIFY_WORKER;
    process.env.STOCK_LEDGER_VERIFY_WORKER = join(tempDir(), 'missing.js');
    try {
      expect(await verifyChainsParallel(host.ledger, undefined, { threads: 4, minRows: 10 })).toMatchObject({ ok: true, movements: 30 });
    } finally {
      process.env.STOCK_LEDGER_VERIFY_WORKER = saved;
    }
  });

  it('walks each device chain on its own: pieces cut inside a second device give the answer of one walk, intact and tampered', async () => {
    const host = await ledgerWithRows(600);
    const db = host.ledger.db;
    // A second device's chain of 300 rows, properly linked (as rows pulled from another PC would be).
    const rows = db.prepare(`SELECT * FROM movements ORDER BY seq LIMIT 300`).all() as MovementDbRow[];
    db.prepare(`INSERT INTO devices (device_id) VALUES ('pc-b')`).run();
    const insert = db.prepare(`INSERT INTO movement_rows (id, device, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost,
      doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, learned_at, prev_hash, hash)
      VALUES (@id, (SELECT code FROM devices WHERE device_id = @device_id), @device_seq, @branch, @sku, @kind, @qty, @on_hand_delta, @reserved_delta, @unit_cost,
      @doc_type, @doc_id, @doc_line, @reverses, @note, @actor, @occurred_at, @recorded_at, @learned_at, @prev_hash, @hash)`);
    let prev = GENESIS_HASH;
    for (const [k, r] of rows.entries()) {
      const row = { ...r, id: `${r.id}-b`, device_id: 'pc-b', device_seq: k + 1, prev_hash: prev };
      row.hash = hashMovement(movementFromRow({ ...row, hash: '' }));
      insert.run({ ...row, prev_hash: storedLink(row.prev_hash), hash: storedLink(row.hash) }); // stored as the app stores a pulled row
      prev = row.hash;
    }
    const one = verifyChains(host.ledger);
    expect(one).toMatchObject({ ok: true, movements: 900, devices: 2 });
    // Four pieces: the last cut falls inside pc-b's chain (its 75th row).
    expect(await verifyChainsParallel(host.ledger, undefined, { threads: 4, minRows: 10 })).toEqual(one);
    const file = host.file;
    host.close();
    // pc-b's 100th row edited, and the own device's 500th removed: each device's first break, the earliest in ledger order first.
    execFileSync('sqlite3', [file, `DROP TRIGGER movements_no_update; DROP TRIGGER movements_no_delete;
      UPDATE movement_rows SET qty = qty + 1 WHERE device = (SELECT code FROM devices WHERE device_id = 'pc-b') AND device_seq = 100;
      DELETE FROM movement_rows WHERE device <> (SELECT code FROM devices WHERE device_id = 'pc-b') AND device_seq = 500;`]);
    const reopened = new LedgerHost(file);
    try {
      const broken = verifyChains(reopened.ledger);
      expect(broken.ok).toBe(false);
      expect(broken.firstBad).toMatchObject({ deviceSeq: 501, problem: expect.stringContaining('jumps from 499 to 501') });
      expect(await verifyChainsParallel(reopened.ledger, undefined, { threads: 4, minRows: 10 })).toEqual(broken);
      expect(await verifyChainsParallel(reopened.ledger, undefined, { threads: 3, minRows: 10 })).toEqual(broken);
    } finally {
      reopened.close();
    }
  });
});
