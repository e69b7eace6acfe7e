import { describe, expect, it } from 'vitest';
import { fileBytesByPurpose, MOVEMENT_BTREES, movementBtreeBytes } from '../../bench/sections/fileBytes';
import { seedItems, tempHost } from '../helpers/tempLedger';

describe('the bench\'s bytes per movement, by purpose', () => {
  it('adds up to the whole file: every page of every table and index counted once, free pages included', async () => {
    const host = tempHost();
    await seedItems(host, ['TEA', 'MUG']);
    for (let i = 0; i < 40; i++) await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 2, unitCost: 100 }, { sku: 'MUG', qty: 1, unitCost: 300 }], actor: 'ann' });
    const db = host.ledger.db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const movements = db.prepare(`SELECT count(*) FROM movements`).pluck().get() as number;
    const figures = fileBytesByPurpose(db, movements);
    expect(figures.map((f) => f.name)).toEqual([
      'of which: movement rows and their indexes', 'of which: FIFO cost tables (derived)', 'of which: balances and daily snapshots (derived)',
      'of which: import keys (re-running a file adds nothing)', 'of which: everything else (catalogue, documents, sync, stock takes, free pages)',
    ]);
    const fileBytes = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    const summed = figures.reduce((n, f) => n + f.value! * movements, 0);
    expect(summed).toBe(fileBytes);
    expect(figures[0]!.value).toBeGreaterThan(0);
    // Pages freed (a dropped table) still take disk space: they count under "everything else".
    db.exec(`CREATE TABLE scratch (x); INSERT INTO scratch SELECT randomblob(1000) FROM movement_rows; DROP TABLE scratch`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    expect(db.pragma('freelist_count', { simple: true })).toBeGreaterThan(0);
    const withFree = fileBytesByPurpose(db, movements);
    const pages = (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    expect(withFree.reduce((n, f) => n + f.value! * movements, 0)).toBe(pages);
  });

  it('names every B-tree of the movement rows, and together they are the movement rows\' share but for the devices table', async () => {
    const host = tempHost();
    await seedItems(host, ['TEA']);
    for (let i = 0; i < 30; i++) await host.run('documents.record', { type: 'receive', lines: [{ sku: 'TEA', qty: 1 }], actor: 'ann' });
    const db = host.ledger.db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    // A new index on the movements must be measured (and say what it serves) here too.
    const onMovements = db.prepare(`SELECT name FROM sqlite_schema WHERE tbl_name = 'movement_rows' AND type IN ('table', 'index') ORDER BY name`).pluck().all();
    expect(onMovements).toEqual(MOVEMENT_BTREES.map(([name]) => name).sort());
    const movements = db.prepare(`SELECT count(*) FROM movements`).pluck().get() as number;
    const perBtree = movementBtreeBytes(db, movements);
    const devices = (db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name IN ('devices', 'sqlite_autoindex_devices_1') AND aggregate = TRUE`).pluck().get() as number) / movements;
    const share = fileBytesByPurpose(db, movements)[0]!.value!;
    expect(perBtree.reduce((n, f) => n + f.value!, 0) + devices).toBeCloseTo(share, 6);
    expect(perBtree.every((f) => f.value! > 0)).toBe(true);
  });
});
