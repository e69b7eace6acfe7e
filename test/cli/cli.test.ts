import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';

describe('stock-ledger CLI', () => {
  it('call prints the JSON result and exits 0; a refused command prints {"error"} and exits 2', () => {
    const db = join(tempDir(), 'shop.sqlite');
    const upsert = runCli(['--db', db, 'call', 'items.upsert', '{"sku":"TEA-01","name":"Green tea"}']);
    expect(upsert.status).toBe(0);
    expect(upsert.json).toMatchObject({ sku: 'TEA-01', name: 'Green tea' });
    expect(runCli(['--db', db, 'receive', 'TEA-01', '5', '--cost', '350', '--actor', 'ann']).status).toBe(0);
    const refused = runCli(['--db', db, 'call', 'documents.record', '{"type":"sale","lines":[{"sku":"TEA-01","qty":9}],"actor":"ann"}']);
    expect(refused.status).toBe(2);
    expect(refused.json).toMatchObject({ error: { code: 'INSUFFICIENT_STOCK', details: { available: 5 } } });
    const bad = runCli(['--db', db, 'call', 'stock.get', '{sku:']);
    expect(bad.status).toBe(2);
    expect(bad.json).toMatchObject({ error: { code: 'VALIDATION' } });
    expect(runCli(['--db', db, 'call', 'no.such', '{}']).json).toMatchObject({ error: { code: 'UNKNOWN_COMMAND' } });
    const stock = runCli(['--db', db, 'call', 'stock.get', '{"sku":"TEA-01"}']);
    expect(stock.json).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it('friendly subcommands: sell, stock, trail, verify, check, rebuild, commands', () => {
    const db = join(tempDir(), 'shop.sqlite');
    runCli(['--db', db, 'call', 'items.upsert', '{"sku":"MUG","name":"Stoneware mug"}']);
    runCli(['--db', db, 'receive', 'MUG', '10', '--actor', 'ann', '--id', 'GRN-1']);
    expect(runCli(['--db', db, 'receive', 'MUG', '10', '--actor', 'ann', '--id', 'GRN-1']).status).toBe(0);
    expect(runCli(['--db', db, 'sell', 'MUG', '3', '--actor', 'bob']).status).toBe(0);
    const stock = runCli(['--db', db, 'stock']);
    expect(stock.stdout).toMatch(/MUG\s+Stoneware mug\s+7\s+0\s+7/);
    const trail = runCli(['--db', db, 'trail', 'MUG']);
    expect(trail.stdout).toMatch(/Purchase receipt\s+10\s+10/);
    expect(trail.stdout).toMatch(/Sale\s+3\s+7/);
    expect(runCli(['--db', db, 'verify']).json).toMatchObject({ ok: true, movements: 2 });
    expect(runCli(['--db', db, 'check']).json).toMatchObject({ ok: true });
    expect(runCli(['--db', db, 'rebuild']).json).toMatchObject({ movements: 2 });
    expect(runCli(['commands']).stdout.split('\n')).toContain('stock.trail');
    expect(runCli(['--db', db, 'frobnicate']).status).toBe(1);
  });

  it('imports CSV with a progress line, creating named items, and exports movements', () => {
    const dir = tempDir();
    const db = join(dir, 'shop.sqlite');
    const csv = join(dir, 'delivery.csv');
    const lines = ['sku,name,category,qty,unit_cost,occurred_at,type,note'];
    for (let i = 0; i < 30; i++) lines.push(`SKU-${i},"Item ${i}, large",Bulk,${i + 1},${100 + i},2026-03-0${1 + (i % 9)}T10:00:00Z,receive,`);
    lines.push('SKU-1,,,2,,2026-03-10T10:00:00Z,sale,');
    writeFileSync(csv, lines.join('\n') + '\n');
    const imported = runCli(['--db', db, 'import', csv, '--batch', '8', '--actor', 'importer']);
    expect(imported.status).toBe(0);
    expect(imported.json).toEqual({ rows: 31, appended: 31, skipped: 0, itemsAdded: 30 });
    expect(imported.stderr).toMatch(/import: 31 \/ 31 \(100%\)/);
    expect(runCli(['--db', db, 'call', 'items.get', '{"sku":"SKU-3"}']).json).toMatchObject({ name: 'Item 3, large', category: 'Bulk' });
    expect(runCli(['--db', db, 'call', 'stock.get', '{"sku":"SKU-1"}']).json).toMatchObject({ onHand: 0 });
    // Same file again: every row is already there.
    expect(runCli(['--db', db, 'import', csv, '--batch', '8']).json).toEqual({ rows: 31, appended: 0, skipped: 31, itemsAdded: 0 });
    const out = join(dir, 'movements.csv');
    expect(runCli(['--db', db, 'export', '--out', out]).status).toBe(0);
    const exported = readFileSync(out, 'utf8').trimEnd().split('\r\n');
    expect(exported).toHaveLength(32);
    expect(exported[0]).toMatch(/^\uFEFFseq,id,device_id/);
    expect(exported[1]).toMatch(/SKU-0,receive,1,1,0,1\.00,100,import,/);
  });

  it('a CSV without the required columns is refused with a sentence, nothing appended', () => {
    const dir = tempDir();
    const db = join(dir, 'shop.sqlite');
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'code,amount\nA,1\n');
    const r = runCli(['--db', db, 'import', csv]);
    expect(r.status).toBe(2);
    expect(r.json).toMatchObject({ error: { code: 'VALIDATION' } });
    expect((r.json as { error: { message: string } }).error.message).toMatch(/"sku" and "qty"/);
    expect(runCli(['--db', db, 'verify']).json).toMatchObject({ movements: 0 });
  });
});
