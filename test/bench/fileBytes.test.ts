import { describe, expect, it } from 'vitest';
import { fileBytesByPurpose } from '../../bench/sections/fileBytes';
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
});
