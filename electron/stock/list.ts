import type { Database } from 'better-sqlite3';
import type { StockRow } from '../../shared/contract/stock';
import { BARCODES_JSON, parseBarcodes } from '../catalogue/items';
import { itemFilter } from '../commands/items';
import { preparedText } from '../ledger/prepared';

export interface StockListQuery {
  search?: string;
  category?: string;
  brand?: string;
  minAvailable?: number;
  maxAvailable?: number;
  negativeOnly?: boolean;
  sort?: string;
  limit?: number;
  offset?: number;
}

const SORT_COLUMNS: Record<string, string> = { sku: 'i.sku', name: 'i.name', onHand: 'onHand', reserved: 'reserved', available: 'available' };

/** Every catalogue item with its cached balance (zero when it has never moved), filtered and sorted. */
export function listStock(db: Database, q: StockListQuery): { rows: StockRow[]; total: number } {
  const { where, params } = itemFilter(q);
  const having: string[] = [];
  if (q.minAvailable !== undefined) { having.push('available >= @minAvailable'); params.minAvailable = q.minAvailable; }
  if (q.maxAvailable !== undefined) { having.push('available <= @maxAvailable'); params.maxAvailable = q.maxAvailable; }
  if (q.negativeOnly) having.push('(onHand < 0 OR available < 0)');
  const base = `
    SELECT i.sku, i.name, i.category, i.brand, i.barcode, ${BARCODES_JSON}, i.unit,
      coalesce(b.on_hand, 0) AS onHand, coalesce(b.reserved, 0) AS reserved,
      coalesce(b.on_hand, 0) - coalesce(b.reserved, 0) AS available
    FROM items i LEFT JOIN balances b ON b.sku = i.sku ${where}`;
  const filtered = having.length ? `SELECT * FROM (${base}) WHERE ${having.join(' AND ')}` : base;
  const sort = q.sort ?? 'sku';
  const desc = sort.startsWith('-');
  const column = SORT_COLUMNS[desc ? sort.slice(1) : sort] ?? 'i.sku';
  const outerColumn = having.length ? column.replace('i.', '') : column;
  // An exact SKU or barcode hit comes first, so a scan lands on its item.
  const tiebreak = having.length ? 'sku' : 'i.sku';
  const rank = params.exact !== undefined ? `(${tiebreak} = @exact OR ${tiebreak} IN (SELECT b.sku FROM item_barcodes b WHERE b.barcode = @exact)) DESC, ` : '';
  const rows = preparedText(db, `${filtered} ORDER BY ${rank}${outerColumn} ${desc ? 'DESC' : 'ASC'}, ${tiebreak} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit ?? 100, offset: q.offset ?? 0 }) as Array<Omit<StockRow, 'barcodes'> & { barcodes_json: string | null }>;
  const total = (preparedText(db, `SELECT count(*) AS n FROM (${filtered})`).get(params) as { n: number }).n;
  return { rows: rows.map(({ barcodes_json, ...r }) => ({ ...r, barcodes: parseBarcodes(barcodes_json) })), total };
}
