import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCAN_BASELINE_SQL } from '../../bench/sections/maintenance';

describe('the verify baseline (every column of every movement read by SQL)', () => {
  it('adds up large files without an integer overflow', () => {
    // Three epoch-ms columns of 5 M movements pass 2^63; two rows of 2e18 a column do the same here.
    const db = new Database(':memory:');
    db.exec(`CREATE TABLE movement_rows (id TEXT, device INTEGER, device_seq INTEGER, branch TEXT, sku TEXT, kind TEXT, qty INTEGER,
      on_hand_delta INTEGER, reserved_delta INTEGER, unit_cost INTEGER, doc_type TEXT, doc_id TEXT, doc_line INTEGER, reverses TEXT,
      note TEXT, actor TEXT, occurred_at INTEGER, recorded_at INTEGER, learned_at INTEGER, prev_hash BLOB, hash BLOB)`);
    const insert = db.prepare(`INSERT INTO movement_rows VALUES ('a', 1, 1, 'B', 'S', 'sale', 1, -1, 0, NULL, 'sale', 'x', 1, NULL, NULL, 'c', ?, ?, ?, x'00', x'01')`);
    for (let i = 0; i < 2; i++) insert.run(2e18, 2e18, 2e18);
    expect(db.prepare(SCAN_BASELINE_SQL).pluck().get()).toBeGreaterThanOrEqual(1.2e19);
    db.close();
  });
});
