import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wantsBoundedHeap } from '../../electron/cli/boundedHeap';
import { runCli } from '../helpers/cli';

describe('the CLI bounds the heap of streaming imports', () => {
  it('runs import, import-items and stocktake-import in a bounded worker; other commands, a heap the user chose, or the worker itself run as they are', () => {
    expect(wantsBoundedHeap(['--db', 'x.sqlite', 'import', 'big.csv'], [], {}, true)).toBe(true);
    expect(wantsBoundedHeap(['import-items', 'items.csv'], ['--enable-source-maps'], {}, true)).toBe(true);
    expect(wantsBoundedHeap(['stocktake-import', 'S1', 'counts.csv'], [], {}, true)).toBe(true);
    expect(wantsBoundedHeap(['verify'], [], {}, true)).toBe(false);
    expect(wantsBoundedHeap(['import', 'big.csv'], ['--max-old-space-size=512'], {}, true)).toBe(false);
    expect(wantsBoundedHeap(['import', 'big.csv'], [], { NODE_OPTIONS: '--max-old-space-size=512' }, true)).toBe(false);
    expect(wantsBoundedHeap(['import', 'big.csv'], [], {}, false)).toBe(false);
  });

  it('an import run through the CLI still imports, refuses and exits as before: the bounded worker answers for it', () => {
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
