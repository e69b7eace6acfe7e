import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../electron/ledger/progress';
import { backupTo, PAGES_PER_STEP } from '../../electron/safety/backup';
import { tempDir, tempHost } from '../helpers/tempLedger';

describe('the online backup shares the ledger’s thread', () => {
  it('copies in small steps (a command waits for one step at most), and the copy is whole', async () => {
    const host = tempHost();
    await host.run('items.upsert', { sku: 'A', name: 'Apple' });
    const db = host.ledger.db;
    // About 4,000 pages of something to copy: many steps.
    db.exec(`CREATE TABLE padding (b BLOB)`);
    const pad = db.prepare(`INSERT INTO padding VALUES (randomblob(100000))`);
    db.transaction(() => { for (let i = 0; i < 160; i++) pad.run(); })();
    const events: ProgressEvent[] = [];
    const out = join(tempDir(), 'copy.sqlite');
    await backupTo(host.ledger, out, (e) => events.push(e));
    const total = events.at(-1)!.total;
    expect(total).toBeGreaterThan(30 * PAGES_PER_STEP);
    const steps = events.slice(1).map((e, i) => e.done - events[i]!.done);
    expect(Math.max(...steps)).toBeLessThanOrEqual(PAGES_PER_STEP);
    expect(PAGES_PER_STEP).toBeLessThanOrEqual(50);
    const copy = new Database(out, { readonly: true });
    try {
      expect(copy.prepare(`SELECT count(*) FROM padding`).pluck().get()).toBe(160);
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      copy.close();
    }
  });
});
