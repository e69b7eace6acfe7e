import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LedgerHost } from '../../electron/host/inProcessHost';
import { runCli, spawnCli } from '../helpers/cli';
import { tempDir } from '../helpers/tempLedger';

function movementCount(file: string): number {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM movements').get() as { n: number }).n;
    } finally {
      db.close();
    }
  } catch {
    return 0;
  }
}

describe('crash safety', () => {
  // The import checks the whole file before writing (a second pass), and the machine is shared: a longer timeout.
  it('a process killed with SIGKILL mid-import leaves a file that opens, verifies and matches its caches', { timeout: 240_000 }, async () => {
    const dir = tempDir();
    const db = join(dir, 'branch.sqlite');
    const csv = join(dir, 'big.csv');
    const rows = 60_000;
    const batch = 1000;
    const lines = ['sku,name,qty,unit_cost,occurred_at'];
    for (let i = 0; i < rows; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      lines.push(`P-${i % 500},Product ${i % 500},${1 + (i % 7)},${50 + (i % 13)},2026-02-${day}T09:00:00Z`);
    }
    writeFileSync(csv, lines.join('\n') + '\n');

    const child = spawnCli(['--db', db, 'import', csv, '--batch', String(batch)]);
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    const deadline = Date.now() + 120_000;
    while (movementCount(db) < 5 * batch && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    const partial = movementCount(db);
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(rows);
    expect(partial % batch).toBe(0); // whole batches only: a document is all or nothing

    const host = new LedgerHost(db);
    try {
      expect(await host.run('ledger.verify')).toMatchObject({ ok: true, movements: partial });
      expect(await host.run('ledger.check')).toMatchObject({ ok: true });
    } finally {
      host.close();
    }

    // Running the same import again appends exactly what was missing.
    const resumed = runCli(['--db', db, 'import', csv, '--batch', String(batch)]);
    expect(resumed.status).toBe(0);
    expect(resumed.json).toMatchObject({ rows, appended: rows - partial, skipped: partial });
    expect(movementCount(db)).toBe(rows);
    expect(runCli(['--db', db, 'check']).json).toMatchObject({ ok: true });
  });
});
