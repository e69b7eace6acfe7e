import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../electron/cli/csv';
import { runCli } from '../helpers/cli';
import { tempHost } from '../helpers/tempLedger';
import { seedShop } from './fixtures';

describe('stock take from the command line', () => {
  it('counts with `call` and exports the variance report with `stocktake-csv`', async () => {
    const host = tempHost();
    await seedShop(host);
    const s = await host.run('stocktake.start', { scope: { kind: 'category', category: 'Tea' }, actor: 'ann' });
    const counted = runCli(['--db', host.file, 'call', 'stocktake.count', JSON.stringify({ sessionId: s.id, sku: 'TEA-01', qty: 17, mode: 'set', actor: 'cli' })]);
    expect(counted.status).toBe(0);
    expect(counted.json).toMatchObject({ item: { sku: 'TEA-01', counted: 17, expected: 20 } });

    const out = join(host.dir, 'variance.csv');
    const exported = runCli(['--db', host.file, 'stocktake-csv', s.id, '--out', out]);
    expect(exported.status).toBe(0);
    expect(exported.stderr).toMatch(/wrote 3 rows/);
    const rows = parseCsv(readFileSync(out, 'utf8'));
    expect(rows[1]!.slice(0, 8)).toEqual(['TEA-01', 'Green tea 100g', 'Tea', 'Leafy', 'counted', '17', '20', '-3']);
    expect(rows.slice(2).map((r) => [r[0], r[4]])).toEqual([['TEA-02', 'not counted'], ['TEA-03', 'not counted']]);

    const missing = runCli(['--db', host.file, 'stocktake-csv', 'no-such-session']);
    expect(missing.status).toBe(2);
    expect(missing.json).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });
});
