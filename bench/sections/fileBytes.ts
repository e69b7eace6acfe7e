import type { Database } from 'better-sqlite3';
import type { Figure } from './types';

/**
 * Where the bytes of the ledger file go, per movement: each table with its indexes, grouped by what
 * it is for (SQLite's dbstat, every page counted once). The file's total is the section's own row.
 */
const GROUPS: Array<[string, (table: string) => boolean]> = [
  ['movement rows and their indexes', (t) => t === 'movement_rows' || t === 'devices'],
  ['FIFO cost tables (derived)', (t) => t.startsWith('cost_')],
  ['balances and daily snapshots (derived)', (t) => t === 'balances' || t.startsWith('snapshots_')],
  ['import keys (re-running a file adds nothing)', (t) => t === 'import_keys'],
];

export function fileBytesByPurpose(db: Database, movements: number): Figure[] {
  // The schema's own B-tree is in dbstat but not in sqlite_schema: counted under its own name.
  const perTable = db.prepare(`SELECT coalesce(s.tbl_name, d.name) AS tbl, sum(d.pgsize) AS bytes FROM dbstat d LEFT JOIN sqlite_schema s ON s.name = d.name
    WHERE d.aggregate = TRUE GROUP BY 1`).all() as Array<{ tbl: string; bytes: number }>;
  const sums = new Map<string, number>();
  for (const { tbl, bytes } of perTable) {
    const group = GROUPS.find(([, of]) => of(tbl))?.[0] ?? 'everything else (catalogue, documents, sync, stock takes, free pages)';
    sums.set(group, (sums.get(group) ?? 0) + bytes);
  }
  const free = (db.pragma('freelist_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
  const other = 'everything else (catalogue, documents, sync, stock takes, free pages)';
  sums.set(other, (sums.get(other) ?? 0) + free);
  return [...GROUPS.map(([name]) => name), other].map((name, i) => ({
    id: `file.bytesPerMovement.${i}`, name: `of which: ${name}`, unit: 'B', value: (sums.get(name) ?? 0) / Math.max(1, movements), samples: 1,
  }));
}

/**
 * The movement rows' own B-trees, each with the queries it serves (the issue's "only the indexes the
 * queries need, each measured"): bytes per movement of the table and of every index on it.
 */
export const MOVEMENT_BTREES: ReadonlyArray<[name: string, serves: string]> = [
  ['movement_rows', 'the rows themselves'],
  ['sqlite_autoindex_movement_rows_1', 'id, unique: a pulled row already here, a reversal\'s original'],
  ['sqlite_autoindex_movement_rows_2', '(device, device_seq), unique: each chain, the push, verify'],
  ['movements_sku', '(sku, seq, deltas): stock at a position, the trail, the learning-day fold'],
  ['movements_sku_occurred', '(sku, occurred_at, deltas): stock as of a time, FIFO order, the business-day fold'],
  ['movements_learned', '(learned_at): stock as believed at a time, the learning-day proof'],
  ['movements_occurred', '(occurred_at): the document journal by date'],
  ['movements_doc', '(doc_type, doc_id): a document\'s lines, reversing a document'],
  ['movements_reverses', '(reverses), reversals only: what reversed a row'],
  ['movements_stocktake_item', '(sku, seq), stock-take rows only: the count an item\'s count builds on'],
];

export function movementBtreeBytes(db: Database, movements: number): Figure[] {
  const bytes = db.prepare(`SELECT sum(pgsize) FROM dbstat WHERE name = ? AND aggregate = TRUE`).pluck();
  return MOVEMENT_BTREES.map(([name, serves]) => ({
    id: `file.movementBtree.${name}`, name: `movement rows: ${name === 'movement_rows' ? 'the table' : name} — ${serves}`, unit: 'B',
    value: ((bytes.get(name) as number | null) ?? 0) / Math.max(1, movements), samples: 1,
  }));
}
