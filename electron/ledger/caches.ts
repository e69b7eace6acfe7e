import type { Database } from 'better-sqlite3';
import { localDay } from '../../shared/domain/time';
import { prepared } from './prepared';

/** The part of a movement the caches need. */
export interface CacheDelta {
  sku: string;
  onHandDelta: number;
  reservedDelta: number;
  occurredAt: number;
  learnedAt: number;
}

const snapshotSql = (table: string) => (db: Database) => ({
  // The day's row starts from the closing balance of the latest earlier day (days without a row had
  // no movements, so that closing still holds), then every row from that day on takes the delta.
  ensureDay: db.prepare(`
    INSERT INTO ${table} (sku, day, on_hand, reserved)
    SELECT @sku, @day,
      coalesce((SELECT on_hand FROM ${table} WHERE sku = @sku AND day < @day ORDER BY day DESC LIMIT 1), 0),
      coalesce((SELECT reserved FROM ${table} WHERE sku = @sku AND day < @day ORDER BY day DESC LIMIT 1), 0)
    WHERE true
    ON CONFLICT (sku, day) DO NOTHING`),
  addFromDay: db.prepare(`
    UPDATE ${table} SET on_hand = on_hand + @onHand, reserved = reserved + @reserved
    WHERE sku = @sku AND day >= @day`),
  latest: db.prepare(`SELECT day, on_hand, reserved FROM ${table} WHERE sku = ? ORDER BY day DESC LIMIT 1`).raw(),
  insert: db.prepare(`INSERT INTO ${table} (sku, day, on_hand, reserved) VALUES (?, ?, ?, ?)`),
  add: db.prepare(`UPDATE ${table} SET on_hand = on_hand + ?, reserved = reserved + ? WHERE sku = ? AND day = ?`),
});
const occurredSql = snapshotSql('snapshots_occurred');
const learnedSql = snapshotSql('snapshots_learned');

const balanceSql = (db: Database) => ({
  add: db.prepare(`
    INSERT INTO balances (sku, on_hand, reserved, movements) VALUES (@sku, @onHand, @reserved, @count)
    ON CONFLICT (sku) DO UPDATE SET on_hand = on_hand + excluded.on_hand,
      reserved = reserved + excluded.reserved, movements = movements + excluded.movements`),
});

interface Sum { sku: string; onHand: number; reserved: number; count: number }

function accumulate(map: Map<string, Sum & { day?: string }>, key: string, sku: string, d: CacheDelta, day?: string): void {
  const s = map.get(key);
  if (s) {
    s.onHand += d.onHandDelta;
    s.reserved += d.reservedDelta;
    s.count += 1;
  } else {
    map.set(key, { sku, day, onHand: d.onHandDelta, reserved: d.reservedDelta, count: 1 });
  }
}

/**
 * Folds new movements into the balances and both snapshot axes, inside the caller's transaction.
 * Deltas are summed per item and per item-day first, so a 100,000-row import touches each cache row
 * once rather than once per movement.
 */
export function applyToCaches(db: Database, rows: CacheDelta[], timeZone: string): void {
  applyToBalances(db, rows);
  applyToSnapshots(db, rows, timeZone);
}

/** The balances part of applyToCaches (what the availability check of the next append reads). */
export function applyToBalances(db: Database, rows: CacheDelta[]): void {
  const bySku = new Map<string, Sum>();
  for (const r of rows) accumulate(bySku, r.sku, r.sku, r);
  const balances = prepared(db, balanceSql);
  for (const s of bySku.values()) balances.add.run(s);
}

/**
 * The snapshot part of applyToCaches. Order-free (each day row holds the sum of the deltas dated up
 * to it, whatever order they were added in), so a bulk import may fold a whole transaction's rows
 * here once, after its batches, instead of once per batch.
 */
export function applyToSnapshots(db: Database, rows: CacheDelta[], timeZone: string): void {
  const byOccurredDay = new Map<string, Sum & { day?: string }>();
  const byLearnedDay = new Map<string, Sum & { day?: string }>();
  const dayOf = dayMemo(timeZone);
  for (const r of rows) {
    const od = dayOf(r.occurredAt);
    accumulate(byOccurredDay, `${r.sku}\u0000${od}`, r.sku, r, od);
    const ld = dayOf(r.learnedAt);
    accumulate(byLearnedDay, `${r.sku}\u0000${ld}`, r.sku, r, ld);
  }
  applySnapshots(prepared(db, occurredSql), byOccurredDay);
  applySnapshots(prepared(db, learnedSql), byLearnedDay);
}

const QUARTER_MS = 15 * 60_000;

/**
 * localDay, computed once per quarter hour of UTC time: offsets change on quarter-hour boundaries,
 * so when a quarter's first and last millisecond fall on the same local day, every instant in it does.
 */
function dayMemo(timeZone: string): (ms: number) => string {
  const memo = new Map<number, string | null>();
  return (ms) => {
    const q = Math.floor(ms / QUARTER_MS);
    let day = memo.get(q);
    if (day === undefined) {
      const first = localDay(q * QUARTER_MS, timeZone);
      day = first === localDay(q * QUARTER_MS + QUARTER_MS - 1, timeZone) ? first : null;
      memo.set(q, day);
    }
    return day ?? localDay(ms, timeZone);
  };
}

function applySnapshots(stmts: ReturnType<ReturnType<typeof snapshotSql>>, sums: Map<string, Sum & { day?: string }>): void {
  // Days in ascending order per item, so each day starts from a closing that already includes
  // this batch's earlier days.
  const ordered = [...sums.values()].sort((a, b) => (a.sku === b.sku ? (a.day! < b.day! ? -1 : 1) : a.sku < b.sku ? -1 : 1));
  for (let i = 0; i < ordered.length;) {
    const sku = ordered[i]!.sku;
    let end = i;
    while (end < ordered.length && ordered[end]!.sku === sku) end++;
    // The usual case (sales today, an import in time order): nothing dated after the item's first
    // new day, so the closings are running sums from the item's latest row, written once each.
    const latest = stmts.latest.get(sku) as [string, number, number] | undefined;
    if (!latest || latest[0] <= ordered[i]!.day!) {
      let onHand = latest?.[1] ?? 0;
      let reserved = latest?.[2] ?? 0;
      for (let k = i; k < end; k++) {
        const s = ordered[k]!;
        onHand += s.onHand;
        reserved += s.reserved;
        if (latest && s.day === latest[0]) stmts.add.run(s.onHand, s.reserved, sku, s.day);
        else stmts.insert.run(sku, s.day, onHand, reserved);
      }
    } else {
      // Back-dated: the day's row from the closing before it, then every later row takes the delta.
      for (let k = i; k < end; k++) {
        const s = ordered[k]!;
        stmts.ensureDay.run({ sku, day: s.day });
        stmts.addFromDay.run({ sku, day: s.day, onHand: s.onHand, reserved: s.reserved });
      }
    }
    i = end;
  }
}
