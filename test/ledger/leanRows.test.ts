import Database from 'better-sqlite3';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { migrate } from '../../electron/ledger/migrations';
import { allMigrations } from '../../electron/ledger/open';
import type { ProgressEvent } from '../../electron/ledger/progress';
import { syncEngineFor } from '../../electron/sync/registry';
import { branchPc, FAST_SYNC, TestHq, tempDir } from '../sync/hqHarness';

const LEAN = 140;
const COLUMNS = `seq, id, device_id, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost, doc_type, doc_id,
  doc_line, reverses, note, actor, occurred_at, recorded_at, learned_at, prev_hash, hash`;

/**
 * Writes `src`'s history into a new file in the text layout every shop's file had before version 140
 * (every other migration applied), as the previous app version would have left it. `edit` runs on it
 * with the append-only triggers dropped, as a tamperer with the sqlite3 shell would.
 */
function textLayoutCopy(src: string, edit?: (db: Database.Database) => void): string {
  const dest = join(tempDir(), 'branch.sqlite');
  const db = new Database(dest);
  migrate(db, allMigrations.filter((m) => m.version < LEAN));
  db.exec(`ATTACH '${src}' AS s`);
  const tables = db.prepare(`SELECT name FROM s.sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
    AND name NOT IN ('movement_rows', 'devices', 'schema_migrations')`).pluck().all() as string[];
  db.transaction(() => {
    for (const t of tables) db.exec(`DELETE FROM main.${t}; INSERT INTO main.${t} SELECT * FROM s.${t}`);
    db.exec(`INSERT INTO main.movements (${COLUMNS}) SELECT ${COLUMNS} FROM s.movements ORDER BY seq`);
  })();
  db.exec(`DETACH s`);
  if (edit) {
    db.exec(`DROP TRIGGER movements_no_update`);
    edit(db);
  }
  db.close();
  for (const f of readdirSync(join(src, '..')).filter((f) => f.startsWith('branch.sqlite.secrets'))) copyFileSync(join(src, '..', f), join(dest, '..', f));
  return dest;
}

const rowsOf = (file: string) => {
  const db = new Database(file, { readonly: true });
  try { return db.prepare(`SELECT ${COLUMNS} FROM movements ORDER BY seq`).all(); } finally { db.close(); }
};

/** A closed ledger file with `n` receipts of one item on one device (no HQ: plain links). */
async function receiptsLedger(n: number): Promise<string> {
  const file = join(tempDir(), 'branch.sqlite');
  const host = new LedgerHost(file);
  await host.run('items.upsert', { sku: 'TEA', name: 'Tea' });
  for (let i = 0; i < n; i++) await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
  host.close();
  return file;
}

let hq: TestHq | null = null;
afterEach(async () => { await hq?.stop(); hq = null; });

describe('the lean movement row (version 140)', () => {
  it('moves a text-layout file on open: every row reads back as recorded, links stored as bytes, verify passes and sync goes on', async () => {
    hq = await TestHq.start('sqlite');
    const a = await branchPc(hq, 'NORTH', { skus: ['TEA', 'MUG'] });
    const b = await branchPc(hq, 'NORTH', { skus: ['TEA', 'MUG'] });
    await a.host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 10, unitCost: 250 }, { sku: 'MUG', qty: 3, unitCost: 900 }], actor: 'ann', note: 'über "quoted"\nline' });
    const sale = await a.host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 2 }, { sku: 'MUG', qty: 1 }], actor: 'ann' });
    await a.host.run('documents.reverse', { type: 'sale', id: sale.id, actor: 'ann', reason: 'wrong item' });
    await b.host.run('documents.record', { type: 'receive', lines: [{ sku: 'MUG', qty: 4 }], actor: 'bob' });
    await b.host.run('sync.now', {});
    await a.host.run('sync.now', {});
    const before = rowsOf(a.host.file);
    expect(new Set(before.map((r: any) => r.device_id)).size).toBe(2);
    expect(before.some((r: any) => r.hash.startsWith('k1:'))).toBe(true);
    a.host.close();

    const file = textLayoutCopy(a.host.file);
    const host = new LedgerHost(file);
    try {
      expect(rowsOf(file)).toEqual(before);
      const db = host.ledger.db;
      expect(db.prepare(`SELECT type FROM sqlite_schema WHERE name = 'movements'`).pluck().get()).toBe('view');
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'movements_text_layout'`).pluck().get()).toBe(0);
      // A sealed link (both PCs are enrolled) is a marker byte and 32 bytes; each device a small code.
      expect(db.prepare(`SELECT DISTINCT typeof(hash) || ':' || length(hash) FROM movement_rows ORDER BY 1`).pluck().all()).toEqual(['blob:33']);
      expect(db.prepare(`SELECT count(*) FROM devices`).pluck().get()).toBe(2);
      const indexes = db.prepare(`SELECT name FROM sqlite_schema WHERE tbl_name = 'movement_rows' AND type IN ('index', 'trigger') AND name NOT LIKE 'sqlite_%' ORDER BY name`).pluck().all();
      expect(indexes).toEqual(['movements_doc', 'movements_learned', 'movements_no_delete', 'movements_no_update', 'movements_occurred',
        'movements_reverses', 'movements_sku', 'movements_sku_occurred', 'movements_stocktake_item']);
      expect(await host.run('ledger.verify')).toMatchObject({ ok: true, movements: before.length, devices: 2, firstBad: null });
      expect((await host.run('ledger.check')).drift).toEqual([]);
      // The moved file goes on as the same PC: a new sale chains onto the last moved row and reaches HQ.
      syncEngineFor(host.ledger, FAST_SYNC);
      await host.run('documents.record', { type: 'sale', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
      expect(await host.run('ledger.verify')).toMatchObject({ ok: true, movements: before.length + 1 });
      const pushed = await host.run('sync.now', {});
      expect(pushed.pushed).toBe(1);
      expect((await hq.store.verifyChains()).ok).toBe(true);
    } finally {
      host.close();
    }
  });

  it('reports the upgrade from before its backup to the end, then the compaction, for the app\'s upgrade page', async () => {
    const src = await receiptsLedger(3);
    const events: ProgressEvent[] = [];
    const moved = new LedgerHost(textLayoutCopy(src), { onProgress: (e) => events.push({ ...e }) });
    moved.close();
    const upgrade = events.filter((e) => e.task === 'upgrade');
    expect(upgrade[0]).toEqual({ task: 'upgrade', done: 0, total: 0 });
    const last = upgrade.at(-1)!;
    expect(last.done).toBe(last.total);
    expect(last.total).toBeGreaterThan(6); // three rows copied, three checked, and the indexes
    expect(upgrade.slice(1).every((e, i) => e.done >= upgrade[i]!.done && e.total === last.total)).toBe(true);
    expect(events.filter((e) => e.task === 'compact')).toEqual([{ task: 'compact', done: 0, total: 1 }, { task: 'compact', done: 1, total: 1 }]);
    expect(events.findIndex((e) => e.task === 'compact')).toBeGreaterThan(events.indexOf(last));
  });

  it('keeps a link edited by hand exactly as it was, so verify still names its row', async () => {
    const src = await receiptsLedger(3);
    const file = textLayoutCopy(src, (db) => db.exec(`UPDATE movements SET hash = upper(hash) WHERE seq = 2`));
    const moved = new LedgerHost(file);
    try {
      // The others are plain SHA-256 links (no HQ yet): 32 bytes.
      expect(moved.ledger.db.prepare(`SELECT typeof(hash) || ':' || length(hash) FROM movement_rows ORDER BY seq`).pluck().all()).toEqual(['blob:32', 'text:64', 'blob:32']);
      const v = await moved.run('ledger.verify');
      expect(v.ok).toBe(false);
      expect(v.firstBad).toMatchObject({ seq: 2, problem: expect.stringMatching(/no longer matches its hash/) });
    } finally {
      moved.close();
    }
  });

  it('copies every row, even one a hand edit put at a position below 1', async () => {
    const src = await receiptsLedger(2);
    const file = textLayoutCopy(src, (db) => db.exec(`INSERT INTO movements (${COLUMNS})
      SELECT -7, id || '-x', device_id, 99, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost, doc_type, doc_id, doc_line,
        reverses, note, actor, occurred_at, recorded_at, learned_at, prev_hash, hash FROM movements WHERE seq = 1`));
    const before = rowsOf(file);
    const moved = new LedgerHost(file);
    moved.close();
    expect(rowsOf(file)).toEqual(before);
    expect(before.map((r: any) => r.seq)).toEqual([-7, 1, 2]);
  });

  it('walks a row whose device code was changed to one no device holds, and names it', async () => {
    const host = new LedgerHost(join(tempDir(), 'branch.sqlite'));
    try {
      await host.run('items.upsert', { sku: 'TEA', name: 'Tea' });
      for (let i = 0; i < 3; i++) await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
      host.ledger.db.exec(`DROP TRIGGER movements_no_update; UPDATE movement_rows SET device = 99 WHERE seq = 2`);
      const v = await host.run('ledger.verify');
      expect(v).toMatchObject({ ok: false, movements: 3, devices: 2 });
      // Walked as a chain of its own (no device id, starting at sequence 2): named, not skipped.
      expect(v.firstBad).toMatchObject({ seq: 2, deviceSeq: 2, problem: expect.stringMatching(/jumps from 0 to 2/) });
    } finally {
      host.close();
    }
  });

  it('refuses the move, changing nothing, when a row would not read back exactly as recorded', async () => {
    const src = await receiptsLedger(1);
    // 32 raw bytes put into the text column by hand would read back as hex text: not the value the file held.
    const file = textLayoutCopy(src, (db) => db.exec(`UPDATE movements SET hash = randomblob(32) WHERE seq = 1`));
    expect(() => new LedgerHost(file)).toThrow(/Movement 1 would not read back exactly as recorded.*nothing was changed/);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.prepare(`SELECT type FROM sqlite_schema WHERE name = 'movements'`).pluck().get()).toBe('table');
      expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name IN ('movement_rows', 'devices')`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT count(*) FROM schema_migrations WHERE version = ${LEAN}`).pluck().get()).toBe(0);
      expect(db.prepare(`SELECT typeof(hash) FROM movements`).pluck().get()).toBe('blob');
    } finally {
      db.close();
    }
    expect(existsSync(file)).toBe(true);
  });

  it('no query filters the movements view by device id: that column is looked up per row, so the filter would scan the whole ledger', () => {
    const root = join(__dirname, '../../electron');
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (e.isDirectory()) walk(join(dir, e.name));
        else if (e.name.endsWith('.ts')) files.push(join(dir, e.name));
      }
    };
    walk(root);
    const offenders: string[] = [];
    for (const f of files) {
      // Each SQL text (a template literal) that reads the view and filters or joins on device_id (movement_rows.device has the index).
      for (const sql of readFileSync(f, 'utf8').match(/`[^`]*`/g) ?? []) {
        if (/\bFROM movements\b/.test(sql) && /(WHERE|AND|ON)\s+(\w+\.)?device_id\b/.test(sql)) offenders.push(`${relative(root, f)}: ${sql.slice(0, 120)}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
