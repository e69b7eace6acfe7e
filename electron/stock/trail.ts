import type { Database } from 'better-sqlite3';
import type { TrailCount, TrailRow } from '../../shared/contract/stock';
import { isoOf } from '../../shared/domain/time';
import { kindLabel } from '../../shared/movements/kinds';
import { prepared } from '../ledger/prepared';
import { stockNow } from '../ledger/stockAt';
import { matchedCounts } from './trailCounts';

const sql = (db: Database) => ({
  page: db.prepare(`
    SELECT m.seq, m.id, m.kind, m.qty, m.on_hand_delta, m.reserved_delta, m.unit_cost, m.doc_type, m.doc_id, m.doc_line,
      m.actor, m.note, m.occurred_at, m.recorded_at, m.reverses,
      -- Two offline PCs may both have reversed a row (sync/conflicts.ts): name the one the conflict rule keeps.
      (SELECT r.id FROM movements r WHERE r.reverses = m.id ORDER BY r.device_id, r.device_seq LIMIT 1) AS reversed_by,
      -- Who approved it (manager override) and whether the CLI recorded it: the command log, by document.
      (SELECT c.approved_by FROM command_log c WHERE c.subject = m.doc_id AND c.approved_by IS NOT NULL LIMIT 1) AS approved_by,
      (SELECT 1 FROM command_log c WHERE c.subject = m.doc_id AND c.via = 'cli' LIMIT 1) AS via_cli
    FROM movements m
    WHERE m.sku = @sku AND m.seq < @before ORDER BY m.seq DESC LIMIT @limit`),
  after: db.prepare(`SELECT coalesce(sum(on_hand_delta), 0) AS onHand, coalesce(sum(reserved_delta), 0) AS reserved FROM movements WHERE sku = ? AND seq >= ?`),
});

interface PageRow { seq: number; id: string; kind: string; qty: number; on_hand_delta: number; reserved_delta: number; unit_cost: number | null; doc_type: string; doc_id: string; doc_line: number; actor: string; note: string | null; occurred_at: number; recorded_at: number; reverses: string | null; reversed_by: string | null; approved_by: string | null; via_cli: number | null }

/**
 * The bank statement of one item: movements in ledger order with the running balance after each.
 * Pages go backwards from the newest (`before` = a seq); the balance after the page's last row is the
 * current balance minus everything after it, so no page needs the item's whole history.
 */
export function itemTrail(db: Database, sku: string, limit = 100, before?: number): { sku: string; rows: TrailRow[]; nextBefore: number | null; counts: TrailCount[] } {
  const s = prepared(db, sql);
  const page = (s.page.all({ sku, before: before ?? Number.MAX_SAFE_INTEGER, limit }) as PageRow[]).reverse();
  const now = stockNow(db, sku);
  const later = before === undefined ? { onHand: 0, reserved: 0 } : (s.after.get(sku, before) as { onHand: number; reserved: number });
  let onHand = now.onHand - later.onHand;
  let reserved = now.reserved - later.reserved;
  const rows: TrailRow[] = new Array(page.length);
  for (let i = page.length - 1; i >= 0; i--) {
    const r = page[i]!;
    rows[i] = {
      seq: r.seq, id: r.id, kind: r.kind, kindLabel: kindLabel(r.kind), qty: r.qty,
      onHandDelta: r.on_hand_delta, reservedDelta: r.reserved_delta, onHandAfter: onHand, reservedAfter: reserved,
      unitCost: r.unit_cost, docType: r.doc_type, docId: r.doc_id, docLine: r.doc_line, actor: r.actor, note: r.note,
      occurredAt: isoOf(r.occurred_at), recordedAt: isoOf(r.recorded_at), reverses: r.reverses, reversedBy: r.reversed_by,
      approvedBy: r.approved_by, via: r.via_cli ? 'cli' : 'app',
    };
    onHand -= r.on_hand_delta;
    reserved -= r.reserved_delta;
  }
  const nextBefore = page.length === limit ? page[0]!.seq : null;
  // Matched stock-take counts that sit among this page's rows (the oldest page takes everything before it too).
  const lo = nextBefore === null ? 0 : page[0]!.seq;
  const counts = matchedCounts(db, sku, lo, before ?? Number.MAX_SAFE_INTEGER);
  return { sku, rows, nextBefore, counts };
}
