import type { Database } from 'better-sqlite3';
import { createWriteStream } from 'node:fs';
import { readSettings } from '../ledger/settings';
import { BOM, csvLine, localTime, moneyCell } from '../csv/write';

/**
 * The movement export's columns. Times are branch-local with their offset (what the shop's clock said);
 * money is a decimal amount for people and minor units for machines. No secret or token is in a row.
 */
const HEADER = ['seq', 'id', 'device_id', 'device_seq', 'branch', 'sku', 'kind', 'qty', 'on_hand_delta', 'reserved_delta',
  'unit_cost', 'unit_cost_minor', 'doc_type', 'doc_id', 'doc_line', 'reverses', 'note', 'actor', 'occurred_at', 'recorded_at', 'hash'];

/** Streams every movement (optionally of one item) as CSV, oldest first. */
export async function exportMovements(db: Database, out: NodeJS.WritableStream, sku?: string): Promise<number> {
  const { timeZone } = readSettings(db);
  const stmt = sku ? db.prepare(`SELECT * FROM movements WHERE sku = ? ORDER BY seq`) : db.prepare(`SELECT * FROM movements ORDER BY seq`);
  out.write(BOM + csvLine(HEADER));
  let n = 0;
  for (const r of (sku ? stmt.iterate(sku) : stmt.iterate()) as IterableIterator<Record<string, string | number | null> & { occurred_at: number; recorded_at: number; unit_cost: number | null }>) {
    const line = csvLine([r.seq, r.id, r.device_id, r.device_seq, r.branch, r.sku, r.kind, r.qty, r.on_hand_delta, r.reserved_delta,
      moneyCell(r.unit_cost), r.unit_cost, r.doc_type, r.doc_id, r.doc_line, r.reverses, r.note, r.actor,
      localTime(r.occurred_at, timeZone), localTime(r.recorded_at, timeZone), r.hash]);
    if (!out.write(line)) await new Promise((res) => out.once('drain', res));
    n++;
  }
  return n;
}

export function fileStream(path: string): NodeJS.WritableStream {
  return createWriteStream(path);
}
