import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { boundedHeapArgs, IMPORT_HEAP_MB } from '../../electron/cli/boundedHeap';
import { runCli } from '../helpers/cli';

describe('the CLI bounds the heap of streaming imports', () => {
  it('re-runs import, import-items and stocktake-import with a bounded old space; other commands, or a heap the user chose, run as they are', () => {
    expect(boundedHeapArgs(['--db', 'x.sqlite', 'import', 'big.csv'], [], {}, '/app/cli.js')).toEqual([`--max-old-space-size=${IMPORT_HEAP_MB}`, '/app/cli.js', '--db', 'x.sqlite', 'import', 'big.csv']);
    expect(boundedHeapArgs(['import-items', 'items.csv'], ['--enable-source-maps'], {}, 'cli.js')).toEqual([`--max-old-space-size=${IMPORT_HEAP_MB}`, '--enable-source-maps', 'cli.js', 'import-items', 'items.csv']);
    expect(boundedHeapArgs(['stocktake-import', 'S1', 'counts.csv'], [], {}, 'cli.js')).not.toBeNull();
    expect(boundedHeapArgs(['verify'], [], {}, 'cli.js')).toBeNull();
    expect(boundedHeapArgs(['import', 'big.csv'], ['--max-old-space-size=512'], {}, 'cli.js')).toBeNull();
    expect(boundedHeapArgs(['import', 'big.csv'], [], { NODE_OPTIONS: '--max-old-space-size=512' }, 'cli.js')).toBeNull();
  });

  it('an import run through the CLI still imports, refuses and exits as before: the bounded child answers for it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-heap-'));
    const db = join(dir, 'shop.sqlite');
    writeFileSync(join(dir, 'ok.csv'), 'sku,qty,name\nTEA-01,5,Green tea\nTEA-02,3,Black tea\n');
    writeFileSync(join(dir, 'bad.csv'), 'sku,qty,name\nTEA-01,1e3,Green tea\n');
    const ok = runCli(['--db', db, 'import', join(dir, 'ok.csv')]);
    expect(ok.status).toBe(0);
    expect(ok.json).toMatchObject({ appended: 2 });
    const bad = runCli(['--db', db, 'import', join(dir, 'bad.csv')]);
    expect(bad.status).toBe(2);
    expect(bad.stdout).toMatch(/line 2/);
    expect(runCli(['--db', db, 'call', 'stock.get', '{"sku":"TEA-01"}']).json).toMatchObject({ onHand: 5 });
  });
});
