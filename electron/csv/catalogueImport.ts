import { itemSchema, type ItemFields } from '../../shared/contract/items';
import { CommandError } from '../../shared/errors';
import type { LedgerHost } from '../host/inProcessHost';
import { prepared } from '../ledger/prepared';
import type { Database } from 'better-sqlite3';
import { barcodesCell } from '../../shared/domain/barcodeCell';
import { textCell } from './cells';
import { importFile } from './importFile';

const COLUMNS = ['sku', 'name', 'category', 'brand', 'barcode', 'unit'] as const;
const sql = (db: Database) => ({ barcodeOwner: db.prepare(`SELECT sku FROM item_barcodes WHERE barcode = ?`) });

/**
 * The catalogue from CSV (sku, name; category, brand, barcode, barcodes, unit optional): added or updated.
 * Checked whole first (fields, a SKU twice, a barcode on two items here or in the catalogue); a file
 * with any problem adds nothing. Running it again sets the same values: safe to repeat.
 */
export async function importCatalogueCsv(host: LedgerHost, file: string, o: { batch?: number; onProgress?: (e: { task: string; done: number; total: number }) => void } = {}): Promise<{ rows: number; items: number }> {
  const db = host.ledger.db;
  const skuLine = new Map<string, number>();
  const barcodeSku = new Map<string, string>();
  return importFile<ItemFields, { rows: number; items: number }>(file, {
    required: ['sku', 'name'],
    optional: ['category', 'brand', 'barcode', 'barcodes', 'unit'],
    parse(row) {
      const fields = Object.fromEntries(COLUMNS.map((c) => [c, textCell(row.get(c)) ?? (c === 'sku' || c === 'name' ? '' : null)])) as unknown as ItemFields;
      // `barcodes`: every code of the item separated by |; an empty cell keeps the extra codes it has.
      const many = textCell(row.get('barcodes'));
      if (many) {
        const cell = barcodesCell(many);
        if ('problem' in cell) { row.problem('barcodes', cell.problem); return null; }
        fields.barcodes = cell.codes;
      }
      const r = itemSchema.safeParse(fields);
      if (!r.success) {
        for (const i of r.error.issues) row.problem(String(i.path[0] ?? 'sku'), i.message);
        return null;
      }
      if (!row.checking) return fields;
      const first = skuLine.get(fields.sku);
      if (first !== undefined) row.problem('sku', `SKU ${fields.sku} is already on line ${first}`);
      else skuLine.set(fields.sku, row.line);
      for (const code of new Set([fields.barcode, ...(fields.barcodes ?? [])])) {
        if (!code) continue;
        const owner = barcodeSku.get(code) ?? (prepared(db, sql).barcodeOwner.get(code) as { sku: string } | undefined)?.sku;
        if (owner && owner !== fields.sku) row.problem(fields.barcodes?.includes(code) ? 'barcodes' : 'barcode', `barcode ${code} already belongs to ${owner}`);
        else barcodeSku.set(code, fields.sku);
      }
      return fields;
    },
  }, async (rows, total) => {
    let batch: ItemFields[] = [];
    let done = 0;
    const flush = async () => {
      if (!batch.length) return;
      const outcome = await host.call('items.importBatch', { items: batch });
      if (!outcome.ok) throw new CommandError(outcome.error.code, `${file}: rows ${done + 1}-${done + batch.length}: ${outcome.error.message}`, outcome.error.details);
      done += batch.length;
      o.onProgress?.({ task: 'import items', done, total });
      batch = [];
    };
    for await (const { row } of rows) {
      batch.push(row);
      if (batch.length >= (o.batch ?? 2000)) await flush();
    }
    await flush();
    return { rows: total, items: done };
  });
}
