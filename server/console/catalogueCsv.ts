import { itemSchema, type ItemFields } from '../../shared/contract/items';
import { barcodesCell } from '../../shared/domain/barcodeCell';

/**
 * A catalogue CSV read for import: every record with the physical line it starts on, every problem
 * named by line. The whole file is refused if any line is wrong, so an import never half-applies.
 */
export const CSV_COLUMNS = ['sku', 'name', 'category', 'brand', 'barcode', 'barcodes', 'unit'] as const;

export interface CsvProblem { line: number; message: string }
export interface ParsedCatalogue { items: Array<{ line: number; item: ItemFields }>; problems: CsvProblem[] }

/** RFC 4180 records (quotes, doubled quotes, newlines in quotes) with the line each starts on. */
export function csvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  const end = () => {
    fields.push(field);
    if (fields.length > 1 || fields[0]!.trim() !== '') out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false;
      else { if (c === '\n') line++; field += c; }
    } else if (c === '"') quoted = true;
    else if (c === ',') { fields.push(field); field = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      end();
      start = ++line;
    } else field += c;
  }
  if (quoted) out.push({ line: start, fields: ['\u0000unterminated'] });
  else if (field !== '' || fields.length) end();
  return out;
}

export function parseCatalogueCsv(text: string): ParsedCatalogue {
  const records = csvRecords(text);
  const problems: CsvProblem[] = [];
  const items: ParsedCatalogue['items'] = [];
  const head = records[0];
  if (!head) return { items, problems: [{ line: 1, message: `The file is empty; the first line must name the columns (${CSV_COLUMNS.join(',')}).` }] };
  const header = head.fields.map((h) => h.trim().toLowerCase());
  const unknown = header.filter((h) => !(CSV_COLUMNS as readonly string[]).includes(h));
  if (unknown.length) problems.push({ line: head.line, message: `Unknown column${unknown.length > 1 ? 's' : ''} ${unknown.map((u) => `"${u}"`).join(', ')}; the columns are ${CSV_COLUMNS.join(', ')}.` });
  for (const need of ['sku', 'name']) if (!header.includes(need)) problems.push({ line: head.line, message: `The header needs a "${need}" column.` });
  if (new Set(header).size !== header.length) problems.push({ line: head.line, message: 'A column is named twice in the header.' });
  if (problems.length) return { items, problems };
  const seen = new Map<string, number>();
  const codeLine = new Map<string, number>();
  for (const r of records.slice(1)) {
    if (r.fields[0] === '\u0000unterminated') { problems.push({ line: r.line, message: 'A quoted field is never closed (a " is missing).' }); continue; }
    if (r.fields.length !== header.length) { problems.push({ line: r.line, message: `Has ${r.fields.length} fields; the header has ${header.length}.` }); continue; }
    const raw: Record<string, string | string[] | null> = {};
    header.forEach((h, i) => { raw[h] = r.fields[i]!.trim() === '' && h !== 'sku' && h !== 'name' ? null : r.fields[i]!; });
    // `barcodes`: the item's codes separated by |; an empty cell keeps the codes it has.
    if (typeof raw.barcodes === 'string') {
      const cell = barcodesCell(raw.barcodes);
      if ('problem' in cell) { problems.push({ line: r.line, message: cell.problem }); continue; }
      raw.barcodes = cell.codes;
    } else delete raw.barcodes;
    const parsed = itemSchema.strict().safeParse(raw);
    if (!parsed.success) {
      problems.push({ line: r.line, message: parsed.error.issues.map((i) => `${i.path.join('.') || 'line'}: ${i.message}`).join('; ') });
      continue;
    }
    const first = seen.get(parsed.data.sku);
    if (first !== undefined) { problems.push({ line: r.line, message: `SKU ${parsed.data.sku} is already on line ${first}.` }); continue; }
    seen.set(parsed.data.sku, r.line);
    const again = [parsed.data.barcode, ...(parsed.data.barcodes ?? [])].find((b) => b && codeLine.has(b));
    if (again) { problems.push({ line: r.line, message: `Barcode ${again} is also on line ${codeLine.get(again)}.` }); continue; }
    for (const b of [parsed.data.barcode, ...(parsed.data.barcodes ?? [])]) if (b) codeLine.set(b, r.line);
    items.push({ line: r.line, item: parsed.data });
  }
  if (!items.length && !problems.length) problems.push({ line: head.line, message: 'The file has a header but no items.' });
  return { items, problems };
}
