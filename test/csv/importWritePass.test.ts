import { openSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backlogSize } from '../../electron/costs/backlog';
import { importMovementsCsv } from '../../electron/csv/movementsImport';
import { CHUNK_BYTES } from '../../electron/csv/fastRead';
import { CommandError } from '../../shared/errors';
import { tempHost } from '../helpers/tempLedger';

const ROWS = 30_000;
/** About 3 MB: three chunks of the reader, many write groups. Every row receives 1 of one of ten items. */
function csv(): { text: string; lastRowAt: number } {
  const lines = ['sku,name,qty,note'];
  for (let i = 1; i <= ROWS; i++) lines.push(`P-${i % 10},Product ${i % 10},1,${'padding '.repeat(10)}row ${String(i).padStart(6, '0')}`);
  const text = lines.join('\n') + '\n';
  return { text, lastRowAt: text.length - lines.at(-1)!.length - 1 };
}

const movements = (host: ReturnType<typeof tempHost>) => host.ledger.db.prepare('SELECT count(*) AS n, coalesce(max(qty), 0) AS most FROM movements').get() as { n: number; most: number };

describe('the writing pass of a CSV import', () => {
  it('stops at a chunk edited after the file was checked, even when the edit is a valid row, and never writes it', async () => {
    const host = tempHost();
    const { text, lastRowAt } = csv();
    expect(text.length).toBeGreaterThan(2 * CHUNK_BYTES);
    const path = join(host.dir, 'stock.csv');
    writeFileSync(path, text);
    let edited = false;
    let error: unknown = null;
    try {
      await importMovementsCsv(host, path, {
        type: 'receive', actor: 'importer', batch: 500, groupRows: 1000,
        onProgress: (e) => {
          if (e.task !== 'import' || edited) return;
          // The first group is in; the last row (in the last chunk, not read yet) now receives 7 instead of 1.
          const fd = openSync(path, 'r+');
          writeSync(fd, `P-0,Product 0,7`, lastRowAt);
          closeSync(fd);
          edited = true;
        },
      });
    } catch (e) { error = e; }
    expect(edited).toBe(true);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).code).toBe('CONFLICT');
    expect((error as CommandError).message).toMatch(/changed after it was checked/);
    const written = movements(host);
    expect(written.most).toBe(1); // the unchecked quantity never reached the ledger
    expect(written.n).toBeGreaterThan(0);
    expect(written.n).toBeLessThan(ROWS);
  });

  it('holds FIFO costing until the rows are in, then works the backlog off', async () => {
    const host = tempHost();
    const path = join(host.dir, 'stock.csv');
    writeFileSync(path, csv().text);
    const watermark = () => Number((host.ledger.db.prepare(`SELECT value FROM meta WHERE key = 'costs_through_seq'`).get() as { value: string } | undefined)?.value ?? 0);
    let costedDuring = 0;
    let groups = 0;
    const r = await importMovementsCsv(host, path, {
      type: 'receive', actor: 'importer', batch: 500, groupRows: 1000,
      onProgress: (e) => { if (e.task === 'import') { groups += 1; costedDuring = Math.max(costedDuring, watermark()); } },
    });
    expect(r.appended).toBe(ROWS);
    expect(groups).toBe(ROWS / 1000);
    // The reader waited for the disk between chunks, so slices had turns: none ran.
    expect(costedDuring).toBe(0);
    for (let i = 0; i < 10_000 && (watermark() < ROWS || backlogSize(host.ledger.db) > 0); i++) await new Promise((done) => setImmediate(done));
    expect(watermark()).toBe(ROWS);
    expect(backlogSize(host.ledger.db)).toBe(0);
  });
});
