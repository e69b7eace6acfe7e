import { createHash } from 'node:crypto';
import type { Database } from 'better-sqlite3';
import { CommandError } from '../../shared/errors';
import type { LedgerHost } from '../host/inProcessHost';
import { prepared } from '../ledger/prepared';
import { integerCell, textCell } from './cells';
import { importFile } from './importFile';

interface Count { sku: string; qty: number; mode: 'add' | 'set' }
const sql = (db: Database) => ({ item: db.prepare(`SELECT sku FROM items WHERE sku = ? UNION ALL SELECT sku FROM item_barcodes WHERE barcode = ? LIMIT 1`) });

/**
 * Stock-take counts from CSV (a handheld's export): sku (or barcode) and qty; mode `set` (the default:
 * the count IS qty, so loading the file twice changes nothing) or `add`. Checked whole first; each
 * batch is one stocktake.countBatch under an id from the session and its rows' content and position,
 * so re-running the same file records nothing twice.
 */
export async function importCountsCsv(host: LedgerHost, sessionId: string, file: string, o: { actor: string; batch?: number }): Promise<{ rows: number; recorded: number }> {
  const db = host.ledger.db;
  return importFile<Count, { rows: number; recorded: number }>(file, {
    required: ['sku', 'qty'],
    optional: ['mode'],
    parse(row) {
      const code = textCell(row.get('sku'));
      const item = code ? (prepared(db, sql).item.get(code, code) as { sku: string } | undefined) : undefined;
      if (!code) row.problem('sku', 'SKU is required');
      else if (!item) row.problem('sku', `no item with SKU or barcode ${code}`);
      const mode = (textCell(row.get('mode'))?.toLowerCase() ?? 'set') as Count['mode'];
      if (mode !== 'add' && mode !== 'set') row.problem('mode', `mode must be "set" or "add", not "${mode}"`);
      const qty = integerCell(row.get('qty') ?? '');
      if (typeof qty === 'string') row.problem('qty', `count ${qty}`);
      else if (mode === 'set' && qty < 0) row.problem('qty', 'a count cannot be negative');
      else if (mode === 'add' && qty === 0) row.problem('qty', 'an add needs a quantity other than 0');
      return item && typeof qty === 'number' ? { sku: item.sku, qty, mode } : null;
    },
  }, async (rows) => {
    let batch: Array<Count & { index: number }> = [];
    let recorded = 0;
    let total = 0;
    const flush = async () => {
      if (!batch.length) return;
      const id = `csv-${createHash('sha256').update(`${sessionId}\n${JSON.stringify(batch)}`).digest('hex').slice(0, 24)}`;
      const outcome = await host.call('stocktake.countBatch', { sessionId, counts: batch.map(({ sku, qty, mode }) => ({ sku, qty, mode })), actor: o.actor, id });
      if (!outcome.ok) throw new CommandError(outcome.error.code, `${file}: rows ${total - batch.length + 1}-${total}: ${outcome.error.message}`, outcome.error.details);
      if (!(outcome.result as { alreadyRecorded: boolean }).alreadyRecorded) recorded += batch.length;
      batch = [];
    };
    for await (const { row, index } of rows) {
      total = index;
      batch.push({ ...row, index });
      if (batch.length >= (o.batch ?? 5000)) await flush();
    }
    await flush();
    return { rows: total, recorded };
  });
}
