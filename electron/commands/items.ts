import type { Database } from 'better-sqlite3';
import { upsertItem, requireItem, itemFromRow, setItemActive, ITEM_COLUMNS, type ItemDbRow } from '../catalogue/items';
import { importItemsCsv, previewItemsCsv } from '../catalogue/importItems';
import { preparedText } from '../ledger/prepared';
import { writeTransaction } from '../ledger/write';
import type { Handlers } from './handler';

/** Builds the WHERE clause shared by item and stock searches: SKU, name or any of an item's barcodes, plus filters. */
export function itemFilter(p: { search?: string; category?: string; brand?: string; status?: 'active' | 'inactive' | 'all' }): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const search = p.search?.trim();
  if (search) {
    clauses.push(`(i.sku LIKE @like ESCAPE '\\' OR i.name LIKE @like ESCAPE '\\' OR i.sku IN (SELECT b.sku FROM item_barcodes b WHERE b.barcode = @exact))`);
    params.like = `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params.exact = search;
  }
  if (p.category) { clauses.push('i.category = @category'); params.category = p.category; }
  if (p.brand) { clauses.push('i.brand = @brand'); params.brand = p.brand; }
  if (p.status === 'active') clauses.push('i.active = 1');
  if (p.status === 'inactive') clauses.push('i.active = 0');
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

function listItems(db: Database, p: { search?: string; category?: string; brand?: string; status?: 'active' | 'inactive' | 'all'; limit?: number; offset?: number }) {
  const { where, params } = itemFilter({ ...p, status: p.status ?? 'active' });
  const rank = params.exact !== undefined ? `(i.sku = @exact OR i.sku IN (SELECT b.sku FROM item_barcodes b WHERE b.barcode = @exact)) DESC,` : '';
  const rows = preparedText(db, `SELECT ${ITEM_COLUMNS} FROM items i ${where} ORDER BY ${rank} i.sku LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: p.limit ?? 100, offset: p.offset ?? 0 }) as ItemDbRow[];
  const total = (preparedText(db, `SELECT count(*) AS n FROM items i ${where}`).get(params) as { n: number }).n;
  return { rows: rows.map(itemFromRow), total };
}

export const itemHandlers: Handlers<'items.upsert' | 'items.importBatch' | 'items.get' | 'items.list' | 'items.setActive' | 'items.importPreview' | 'items.import'> = {
  'items.importBatch': (p, ctx) => writeTransaction(ctx.ledger, () => {
    for (const item of p.items) upsertItem(ctx.ledger.db, item, ctx.now());
    return { items: p.items.length };
  }),
  'items.upsert': (p, ctx) => writeTransaction(ctx.ledger, () => upsertItem(ctx.ledger.db, p, ctx.now())),
  'items.get': (p, ctx) => requireItem(ctx.ledger.db, p.sku),
  'items.list': (p, ctx) => listItems(ctx.ledger.db, p),
  'items.setActive': (p, ctx) => writeTransaction(ctx.ledger, () => setItemActive(ctx.ledger.db, p.sku, p.active, ctx.now())),
  'items.importPreview': (p, ctx) => previewItemsCsv(ctx.ledger.db, p.csv),
  'items.import': (p, ctx) => writeTransaction(ctx.ledger, () => importItemsCsv(ctx.ledger.db, p.csv, ctx.now())),
};
