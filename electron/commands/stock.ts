import type { Database } from 'better-sqlite3';
import { isoOf, resolvePointInTime } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { prepared } from '../ledger/prepared';
import { readSettings } from '../ledger/settings';
import { stockAsOf, stockBelievedAt, stockNow, type Level } from '../ledger/stockAt';
import { listStock } from '../stock/list';
import { itemTrail } from '../stock/trail';
import type { Handlers } from './handler';

const sql = (db: Database) => ({
  // An item the catalogue has, or one only movements name (pulled from another branch): one seek each,
  // no item row read (stock.get is the clerk's most frequent call; reading the item was a third of it).
  known: db.prepare(`SELECT 1 FROM items WHERE sku = ? UNION ALL SELECT 1 FROM movements WHERE sku = ? LIMIT 1`),
  // Both times at once ("stock on 14 March, as we believed on 1 May"): no snapshot covers that pair.
  bitemporal: db.prepare(`
    SELECT coalesce(sum(on_hand_delta), 0) AS onHand, coalesce(sum(reserved_delta), 0) AS reserved
    FROM movements WHERE sku = ? AND occurred_at <= ? AND learned_at <= ?`),
});

function levelAt(db: Database, sku: string, asOf: number | null, believedAt: number | null, timeZone: string): Level {
  if (asOf !== null && believedAt !== null) return prepared(db, sql).bitemporal.get(sku, asOf, believedAt) as Level;
  if (asOf !== null) return stockAsOf(db, sku, asOf, timeZone);
  if (believedAt !== null) return stockBelievedAt(db, sku, believedAt, timeZone);
  return stockNow(db, sku);
}

export const stockHandlers: Handlers<'stock.get' | 'stock.list' | 'stock.trail'> = {
  'stock.get': (p, ctx) => {
    const db = ctx.ledger.db;
    const tz = p.asOf || p.believedAt ? readSettings(db).timeZone : 'UTC';
    const asOf = p.asOf ? resolvePointInTime(p.asOf, tz) : null;
    const believedAt = p.believedAt ? resolvePointInTime(p.believedAt, tz) : null;
    const level = levelAt(db, p.sku, asOf, believedAt, tz);
    // Only an item with movements has stock other than zero, so only a zero asks whether the item exists.
    if (level.onHand === 0 && level.reserved === 0 && !prepared(db, sql).known.get(p.sku, p.sku)) {
      throw new CommandError('NOT_FOUND', `No item with SKU ${p.sku}. Check the code or scan the barcode again.`, { sku: p.sku });
    }
    return { sku: p.sku, ...level, available: level.onHand - level.reserved, asOf: asOf === null ? null : isoOf(asOf), believedAt: believedAt === null ? null : isoOf(believedAt) };
  },
  'stock.list': (p, ctx) => listStock(ctx.ledger.db, p),
  'stock.trail': (p, ctx) => {
    if (!prepared(ctx.ledger.db, sql).known.get(p.sku, p.sku)) {
      throw new CommandError('NOT_FOUND', `No item with SKU ${p.sku}.`, { sku: p.sku });
    }
    return itemTrail(ctx.ledger.db, p.sku, p.limit ?? 100, p.before);
  },
};
