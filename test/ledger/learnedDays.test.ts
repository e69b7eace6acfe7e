import { describe, expect, it } from 'vitest';
import { localDay } from '../../shared/domain/time';
import { registerDayFunctions } from '../../electron/ledger/dayKey';
import { closingsSql } from '../../electron/ledger/fold';
import { learnedDaySteps } from '../../electron/ledger/learnedDays';
import { seedItems, tempHost } from '../helpers/tempLedger';

/**
 * rebuild/check fold the learning-day axis from the item index, with each row's learning day taken from
 * its position (electron/ledger/learnedDays.ts). That rests on learned_at growing with seq, which the
 * append path keeps but a file edited by other means may not: these pin that the steps are proved on the
 * rows, and that a file where they do not hold is folded by learned_at itself.
 */
const DAY = 86_400_000;
const HOUR = 3_600_000;

async function ledgerOverDays(timeZone: string) {
  let now = Date.parse('2026-03-25T10:00:00Z');
  const host = tempHost({ now: () => now });
  await host.run('settings.set', { timeZone, allowNegativeStock: true });
  await seedItems(host, ['A', 'B', 'C']);
  for (let i = 0; i < 40; i++) {
    now += (i % 3 === 0 ? 20 : 5) * HOUR;
    await host.run('documents.record', { type: i % 4 === 0 ? 'receive' : 'sale', lines: [{ sku: 'ABC'[i % 3]!, qty: 1 + (i % 5) }, { sku: 'C', qty: 2 }], actor: 'ann' });
  }
  return host;
}

/** The learning-day closings folded in JS from every row's own learned_at: what the cache must hold. */
function expectedLearned(host: Awaited<ReturnType<typeof ledgerOverDays>>, timeZone: string) {
  const rows = host.ledger.db.prepare(`SELECT sku, learned_at AS at, on_hand_delta AS oh, reserved_delta AS r FROM movements`).all() as Array<{ sku: string; at: number; oh: number; r: number }>;
  const byKey = new Map<string, { sku: string; day: string; oh: number; r: number }>();
  for (const m of rows) {
    const day = localDay(m.at, timeZone);
    const s = byKey.get(`${m.sku}|${day}`) ?? { sku: m.sku, day, oh: 0, r: 0 };
    s.oh += m.oh; s.r += m.r;
    byKey.set(`${m.sku}|${day}`, s);
  }
  const out: Array<{ sku: string; day: string; on_hand: number; reserved: number }> = [];
  let sku = ''; let oh = 0; let r = 0;
  for (const s of [...byKey.values()].sort((a, b) => (a.sku === b.sku ? (a.day < b.day ? -1 : 1) : a.sku < b.sku ? -1 : 1))) {
    if (s.sku !== sku) { sku = s.sku; oh = 0; r = 0; }
    oh += s.oh; r += s.r;
    out.push({ sku, day: s.day, on_hand: oh, reserved: r });
  }
  return out;
}

const learnedTable = (host: Awaited<ReturnType<typeof ledgerOverDays>>) => host.ledger.db.prepare(`SELECT * FROM snapshots_learned ORDER BY sku, day`).all();

describe('learning days by ledger position', () => {
  it('a ledger the app wrote has one proved step per learning day, and rebuild keeps every learned closing', async () => {
    const host = await ledgerOverDays('Europe/Berlin');
    const db = host.ledger.db;
    const total = db.prepare(`SELECT count(*) FROM movements`).pluck().get() as number;
    const steps = learnedDaySteps(db, 'Europe/Berlin', total)!;
    expect(steps).not.toBeNull();
    const days = db.prepare(`SELECT DISTINCT learned_at FROM movements`).pluck().all() as number[];
    expect(steps.length).toBe(new Set(days.map((t) => localDay(t, 'Europe/Berlin'))).size);
    const kept = learnedTable(host);
    expect(kept).toEqual(expectedLearned(host, 'Europe/Berlin'));
    await host.run('ledger.rebuild');
    expect(learnedTable(host)).toEqual(kept);
  });

  it('a row whose learned_at goes back in time (written outside the app) is refused by the proof and still folded on its own day', async () => {
    const host = await ledgerOverDays('America/New_York');
    const db = host.ledger.db;
    // A copy of the third row, appended last but learned three days before the first row (an INSERT:
    // the append-only triggers refuse only UPDATE and DELETE).
    const first = db.prepare(`SELECT min(learned_at) FROM movements`).pluck().get() as number;
    db.prepare(`INSERT INTO movement_rows (id, device, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost, doc_type,
        doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, learned_at, prev_hash, hash)
      SELECT id || '-x', device, (SELECT max(device_seq) + 1 FROM movement_rows), branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost,
        doc_type, doc_id || '-x', doc_line, reverses, note, actor, occurred_at, recorded_at, ?, prev_hash, hash FROM movement_rows WHERE seq = 3`).run(first - 3 * DAY);
    const total = db.prepare(`SELECT count(*) FROM movements`).pluck().get() as number;
    expect(learnedDaySteps(db, 'America/New_York', total)).toBeNull();
    await host.run('ledger.rebuild');
    expect(learnedTable(host)).toEqual(expectedLearned(host, 'America/New_York'));
    expect((await host.run('ledger.check')).drift.filter((d) => d.table.startsWith('snapshots'))).toEqual([]);
  });

  it('the closings statements read each covering index in order: no sort of the whole ledger', () => {
    const host = tempHost();
    const db = host.ledger.db;
    registerDayFunctions(db, 'UTC');
    for (const [index, day] of [['movements_sku_occurred', 'occurred_at / 86400000'], ['movements_sku', 'CASE WHEN seq < 10 THEN 1 ELSE 2 END']]) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${closingsSql('snapshots_occurred', index!, day!)}`).all('A', 'B') as Array<{ detail: string }>).map((r) => r.detail);
      expect(plan).toContain(`SEARCH movement_rows USING COVERING INDEX ${index} (sku>? AND sku<?)`);
      // The only sort is of one item's rows by day ("last term"); none for GROUP BY or the window.
      expect(plan.filter((d) => d.includes('TEMP B-TREE'))).toEqual(['USE TEMP B-TREE FOR LAST TERM OF ORDER BY']);
    }
  });
});
