import type { Database } from 'better-sqlite3';
import type { CommitResult } from '../../shared/contract/stocktake';
import { isoOf } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { requestHash } from '../documents/store';
import { appendMovements, type MovementDraft } from '../ledger/append';
import type { Ledger } from '../ledger/open';
import { prepared } from '../ledger/prepared';
import { ledgerPosition, stockAtPosition, stockNow } from '../ledger/stockAt';
import { writeTransaction } from '../ledger/write';
import { allItemCounts } from './counts';
import { closingOf, insertCommitClosing, requireSession, sessionView, skusInScope, STOCKTAKE_DOC_TYPE, type SessionRow } from './sessions';
import { stocktakeUnitCost } from './unitCost';
import { previousCountMarker } from '../../shared/sync/conflicts';

const sql = (db: Database) => ({
  movements: db.prepare(`SELECT sku, qty, id, seq FROM movements WHERE doc_type = '${STOCKTAKE_DOC_TYPE}' AND doc_id = ? ORDER BY doc_line`),
  // The last count of the item this ledger held at a position (a correction of it is not a count).
  // GLOB: the condition of the partial index movements_stocktake_item (leanRows.ts, version 142).
  previousCount: db.prepare(`SELECT id FROM movements WHERE doc_type GLOB 'stocktake' AND sku = ? AND seq <= ? AND reverses IS NULL ORDER BY seq DESC LIMIT 1`),
});

/**
 * Each difference names the earlier count of its item it builds on (shared/sync/conflicts.ts): two PCs
 * that counted the same item without knowing of each other's count build on the same one, and the
 * conflict rule keeps one of the two differences instead of subtracting the same shortage twice.
 */
function buildsOn(db: Database, sku: string, position: number): string {
  const previous = prepared(db, sql).previousCount.get(sku, position) as { id: string } | undefined;
  return previousCountMarker(previous?.id ?? null);
}

function commitResult(db: Database, row: SessionRow): CommitResult {
  const movements = (prepared(db, sql).movements.all(row.id) as Array<{ sku: string; qty: number; id: string; seq: number }>)
    .map((m) => ({ sku: m.sku, qty: m.qty, movementId: m.id, seq: m.seq }));
  return { session: sessionView(db, row), movements, netUnits: movements.reduce((n, m) => n + m.qty, 0) };
}

/**
 * Commits a stock take: one `stocktake_adjustment` per item whose count differs from the stock at its
 * count position (counted − expected), plus, with `uncounted: 'zero'`, one taking every uncounted
 * in-scope item to zero as of now. All rows and the closing row go in ONE write transaction, so the
 * commit is all or nothing; movements recorded after a count stay in the ledger on top of it.
 *
 * A repeat of the identical request (same uncounted choice and actor) returns the first result and
 * appends nothing; any other attempt on a committed session is refused with ALREADY_COMMITTED.
 */
export function commitSession(ledger: Ledger, p: { sessionId: string; uncounted: 'leave' | 'zero'; actor: string }, now: number): CommitResult {
  const hash = requestHash({ uncounted: p.uncounted, actor: p.actor });
  return writeTransaction(ledger, () => {
    const db = ledger.db;
    const row = requireSession(db, p.sessionId);
    const closing = closingOf(db, row.id);
    if (closing?.outcome === 'committed') {
      if (closing.request_hash === hash) return commitResult(db, row);
      throw new CommandError('ALREADY_COMMITTED', `This stock take was already committed by ${closing.actor} at ${isoOf(closing.closed_at)}. Its differences are in the ledger; start a new count to correct anything.`, { sessionId: row.id, committedBy: closing.actor, committedAt: isoOf(closing.closed_at) });
    }
    if (closing) {
      throw new CommandError('CONFLICT', `This stock take was cancelled by ${closing.actor} at ${isoOf(closing.closed_at)}, so there is nothing to commit. Start a new count.`, { sessionId: row.id });
    }

    const counts = allItemCounts(db, row.id);
    if (counts.size === 0) {
      throw new CommandError('VALIDATION', 'Nothing has been counted in this stock take. Count at least one item (an empty shelf is a count of 0), or cancel it.', { sessionId: row.id });
    }
    const position = ledgerPosition(db);
    const drafts: MovementDraft[] = [];
    const base = { kind: 'stocktake_adjustment' as const, docType: STOCKTAKE_DOC_TYPE, docId: row.id, actor: p.actor };
    for (const sku of [...counts.keys()].sort()) {
      const c = counts.get(sku)!;
      const expected = stockAtPosition(db, sku, c.position).onHand;
      const difference = c.counted - expected;
      if (difference === 0) continue;
      drafts.push({
        ...base,
        sku,
        qty: difference,
        // Found stock enters at the item's latest cost; a shortage leaves at whatever costing decides.
        unitCost: difference > 0 ? stocktakeUnitCost(db, sku) : null,
        docLine: drafts.length,
        note: `Stock take: counted ${c.counted}, expected ${expected} at ledger position ${c.position}${buildsOn(db, sku, c.position)}`,
        // The difference existed when it was counted, so "stock on <day>" shows it from then on.
        occurredAt: c.positionAt,
      });
    }
    if (p.uncounted === 'zero') {
      for (const sku of skusInScope(db, row)) {
        if (counts.has(sku)) continue;
        const stock = stockNow(db, sku).onHand;
        if (stock === 0) continue;
        drafts.push({ ...base, sku, qty: -stock, unitCost: stock < 0 ? stocktakeUnitCost(db, sku) : null, docLine: drafts.length, note: `Stock take: not counted, counted as zero (was ${stock})${buildsOn(db, sku, position)}`, occurredAt: now });
      }
    }
    // A count is what is on the shelf: it is recorded even where it leaves less than is reserved.
    appendMovements(ledger, drafts, { enforceAvailability: false, now });
    insertCommitClosing(db, { sessionId: row.id, actor: p.actor, uncounted: p.uncounted, position, now, hash });
    return commitResult(db, row);
  });
}
