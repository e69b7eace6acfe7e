import type { Database } from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import { isoOf } from '../../shared/domain/time';
import { csvField } from './csv';

const COLUMNS = ['seq', 'id', 'device_id', 'device_seq', 'branch', 'sku', 'kind', 'qty', 'on_hand_delta', 'reserved_delta', 'unit_cost', 'doc_type', 'doc_id', 'doc_line', 'reverses', 'note', 'actor', 'occurred_at', 'recorded_at', 'hash'] as const;
const TIMES = new Set(['occurred_at', 'recorded_at']);

/** Streams every movement (optionally of one item) as CSV, oldest first. */
export async function exportMovements(db: Database, out: NodeJS.WritableStream, sku?: string): Promise<number> {
  const stmt = sku ? db.prepare(`SELECT * FROM movements WHERE sku = ? ORDER BY seq`) : db.prepare(`SELECT * FROM movements ORDER BY seq`);
  out.write(COLUMNS.join(',') + '\n');
  let n = 0;
  for (const row of (sku ? stmt.iterate(sku) : stmt.iterate()) as IterableIterator<Record<string, unknown>>) {
    const line = COLUMNS.map((c) => csvField(TIMES.has(c) ? isoOf(row[c] as number) : row[c])).join(',') + '\n';
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
    n++;
  }
  return n;
}

export function fileStream(path: string): NodeJS.WritableStream {
  return createWriteStream(path);
}
