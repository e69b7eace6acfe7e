import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { LedgerHost } from '../host/inProcessHost';
import { DOCUMENT_TYPES, type DocumentType } from '../../shared/contract/documents';
import { CommandError } from '../../shared/errors';
import { parseCsv } from './csv';
import { progressLine } from './progressLine';

export interface ImportOptions {
  type: DocumentType;
  actor: string;
  batch: number;
}

/**
 * Imports movement lines from CSV. Header names the columns: sku and qty are required; type,
 * unit_cost, occurred_at, note, and item fields (name, category, brand, barcode, unit) are optional.
 * Items with a name are added to the catalogue first. Each batch is one document whose id comes
 * from the file's content and the batch's first row, so running the same import again (after a
 * crash, say) appends only what is missing.
 */
export async function importCsv(host: LedgerHost, file: string, o: ImportOptions): Promise<{ rows: number; appended: number; skippedBatches: number }> {
  const text = readFileSync(file, 'utf8');
  const fileId = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const [header, ...rows] = parseCsv(text);
  if (!header) throw new CommandError('VALIDATION', `${file} is empty. The first line must name the columns (sku,qty,...).`);
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const c = { sku: col('sku'), qty: col('qty'), type: col('type'), cost: col('unit_cost'), at: col('occurred_at'), note: col('note'), name: col('name'), category: col('category'), brand: col('brand'), barcode: col('barcode'), unit: col('unit') };
  if (c.sku < 0 || c.qty < 0) throw new CommandError('VALIDATION', `${file}: the header must have columns "sku" and "qty" (found: ${header.join(', ')}).`);
  const get = (r: string[], i: number) => (i >= 0 ? (r[i] ?? '').trim() : '');

  const bar = progressLine();
  let appended = 0;
  let skippedBatches = 0;
  try {
    for (let start = 0; start < rows.length; start += o.batch) {
      const chunk = rows.slice(start, start + o.batch);
      const seen = new Set<string>();
      for (const r of chunk) {
        const sku = get(r, c.sku);
        if (c.name >= 0 && get(r, c.name) && !seen.has(sku)) {
          seen.add(sku);
          const known = await host.call('items.get', { sku });
          if (!known.ok) await host.run('items.upsert', { sku, name: get(r, c.name), category: get(r, c.category) || null, brand: get(r, c.brand) || null, barcode: get(r, c.barcode) || null, unit: get(r, c.unit) || null });
        }
      }
      const lines = chunk.map((r, i) => {
        const type = (get(r, c.type) || o.type) as DocumentType;
        if (!DOCUMENT_TYPES.includes(type)) throw new CommandError('VALIDATION', `${file} line ${start + i + 2}: unknown type "${type}" (use ${DOCUMENT_TYPES.join(', ')}).`);
        const qty = Number(get(r, c.qty));
        const cost = get(r, c.cost);
        return { type, sku: get(r, c.sku), qty, unitCost: cost ? Number(cost) : undefined, occurredAt: get(r, c.at) || undefined, note: get(r, c.note) || undefined };
      });
      const outcome = await host.call('documents.import', { id: `import-${fileId}-${start + 1}`, lines, actor: o.actor });
      if (!outcome.ok) {
        throw new CommandError(outcome.error.code, `${file} rows ${start + 2}-${start + chunk.length + 1}: ${outcome.error.message}`, outcome.error.details);
      }
      const result = outcome.result as { movements: number; alreadyImported: boolean };
      if (result.alreadyImported) skippedBatches += 1; else appended += result.movements;
      bar.update({ task: 'import', done: start + chunk.length, total: rows.length });
    }
  } finally {
    bar.done();
  }
  return { rows: rows.length, appended, skippedBatches };
}
