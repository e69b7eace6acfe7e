import type { Database } from 'better-sqlite3';
import { itemUpsertSchema, type ItemImportPreview, type ItemImportRow, type ItemUpsert } from '../../shared/contract/items';
import { CommandError } from '../../shared/errors';
import { barcodeOwner, findItem, upsertItem } from './items';
import { csvRecords } from './csvRecords';
import { barcodesCell } from '../../shared/domain/barcodeCell';
import { barcodeListProblem, composeBarcodes } from '../../shared/domain/barcodes';

/** The columns a catalogue CSV may have; sku and name are required. Money is in currency units ("3.50"). */
export const ITEM_CSV_COLUMNS = ['sku', 'name', 'category', 'brand', 'barcode', 'barcodes', 'unit', 'default_cost', 'price', 'reorder_level'] as const;
type Column = (typeof ITEM_CSV_COLUMNS)[number];
const MONEY: Column[] = ['default_cost', 'price'];


function money(text: string): number {
  const t = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) throw new Error(`“${text}” is not an amount like 3.50`);
  return Math.round(Number(t) * 100);
}

function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new Error(`“${text}” is not a whole number`);
  return Number(text.trim());
}

/** Reads the header: every column known, sku and name present, none twice. */
function readHeader(fields: string[]): Column[] {
  const cols = fields.map((f) => f.trim().toLowerCase().replace(/[\s-]+/g, '_'));
  const unknown = cols.filter((c) => !(ITEM_CSV_COLUMNS as readonly string[]).includes(c));
  if (unknown.length) throw new Error(`unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((c) => `“${c}”`).join(', ')}; the columns are ${ITEM_CSV_COLUMNS.join(', ')}`);
  const twice = cols.find((c, i) => cols.indexOf(c) !== i);
  if (twice) throw new Error(`column “${twice}” appears twice`);
  for (const need of ['sku', 'name']) if (!cols.includes(need)) throw new Error(`the header needs a “${need}” column (columns: ${ITEM_CSV_COLUMNS.join(', ')})`);
  return cols as Column[];
}

/** A code already on another line of the file, or on another item of the catalogue. */
function barcodeClash(db: Database, sku: string, codes: string[], seen: Map<string, number>): string | null {
  for (const b of codes) {
    if (seen.has(b)) return `barcode ${b} is also on line ${seen.get(b)}`;
    const owner = barcodeOwner(db, b, sku);
    if (owner) return `barcode ${b} already belongs to ${owner}`;
  }
  return null;
}

/**
 * Checks catalogue CSV text row by row, as `items.upsert` would, without writing: each row becomes
 * the item it would save ("new" or "update") or its line's error. Empty cells leave a field as it is.
 */
export function previewItemsCsv(db: Database, csv: string): ItemImportPreview {
  const { records, error } = csvRecords(csv);
  const rows: ItemImportRow[] = [];
  const fail = (line: number, message: string) => rows.push({ line, item: null, action: null, error: message });
  if (records.length === 0) fail(1, 'the file is empty: the first line names the columns (sku,name,…)');
  let cols: Column[] = [];
  try { if (records[0]) cols = readHeader(records[0].fields); } catch (e) { fail(records[0]!.line, (e as Error).message); }
  const seenSku = new Map<string, number>();
  const seenBarcode = new Map<string, number>();
  if (cols.length) {
    for (const rec of records.slice(1)) {
      if (rec.fields.length > cols.length) { fail(rec.line, `${rec.fields.length} fields but the header has ${cols.length}`); continue; }
      const raw: Record<string, unknown> = {};
      try {
        cols.forEach((c, i) => {
          const v = (rec.fields[i] ?? '').trim();
          if (v === '') return;
          if (MONEY.includes(c)) raw[c === 'default_cost' ? 'defaultCost' : 'price'] = money(v);
          else if (c === 'reorder_level') raw.reorderLevel = wholeNumber(v);
          else if (c === 'barcodes') {
            const cell = barcodesCell(v);
            if ('problem' in cell) throw new Error(cell.problem);
            raw.barcodes = cell.codes;
          }
          else raw[c] = v;
        });
      } catch (e) { fail(rec.line, (e as Error).message); continue; }
      const parsed = itemUpsertSchema.safeParse(raw);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        fail(rec.line, `${issue.path.join('.') || 'row'}: ${issue.message}`);
        continue;
      }
      const data = parsed.data as ItemUpsert;
      const existing = findItem(db, data.sku);
      // An empty cell leaves the field as it is: an update starts from what the catalogue has. A
      // `barcodes` cell is the item's whole list, so it does not inherit the old primary.
      const item: ItemUpsert = existing
        ? { category: existing.category, brand: existing.brand, ...(data.barcodes ? {} : { barcode: existing.barcode }), unit: existing.unit, ...data }
        : data;
      if (seenSku.has(item.sku)) { fail(rec.line, `SKU ${item.sku} is also on line ${seenSku.get(item.sku)}`); continue; }
      seenSku.set(item.sku, rec.line);
      item.barcodes = composeBarcodes(item, existing ?? { barcode: null, barcodes: [] }, 'keep');
      const problem = barcodeListProblem(item.barcodes) ?? barcodeClash(db, item.sku, item.barcodes, seenBarcode);
      if (problem) { fail(rec.line, problem); continue; }
      for (const b of item.barcodes) seenBarcode.set(b, rec.line);
      rows.push({ line: rec.line, item, action: existing ? 'update' : 'new', error: null });
    }
  }
  if (error) fail(error.line, error.message);
  const counts = { new: 0, update: 0, errors: 0 };
  for (const r of rows) { if (r.error) counts.errors++; else counts[r.action!]++; }
  return { rows, counts };
}

/** All rows or none: a file with any wrong line is refused with every line's error. */
export function importItemsCsv(db: Database, csv: string, now: number): { saved: number; new: number; updated: number } {
  const preview = previewItemsCsv(db, csv);
  if (preview.counts.errors > 0) {
    const errors = preview.rows.filter((r) => r.error).map((r) => ({ line: r.line, message: r.error! }));
    const first = errors.slice(0, 3).map((e) => `line ${e.line}: ${e.message}`).join('; ');
    throw new CommandError('VALIDATION', `Nothing was imported: ${errors.length} line${errors.length === 1 ? ' is' : 's are'} wrong (${first}${errors.length > 3 ? '; …' : ''}). Fix the file and import again.`, { errors });
  }
  for (const r of preview.rows) upsertItem(db, r.item!, now);
  return { saved: preview.rows.length, new: preview.counts.new, updated: preview.counts.update };
}
