import { statSync } from 'node:fs';
import { unknownFieldsSentence } from '../../shared/strict/didYouMean';
import { CommandError } from '../../shared/errors';
import { readCsvFast, type FileDigests } from './fastRead';
import { sniffDelimiter, type CsvRecord } from './read';

export interface Problem { line: number; column: string | null; message: string }

/** A data row with its columns by name, and a way to report a problem at one of its cells. */
export interface Row {
  line: number;
  /** 1-based position among the data rows (header excluded). */
  index: number;
  /** True on the checking pass: checks that carry state from row to row (duplicates, running stock) run only then. */
  checking: boolean;
  /**
   * True on the writing pass when the row's bytes are proven to be the ones the checking pass accepted
   * (every chunk of the file matched its digest): checks may be skipped, the values must come out the same.
   */
  trusted: boolean;
  get(column: string): string | undefined;
  problem(column: string | null, message: string): void;
}

export interface ImportSpec<T> {
  required: string[];
  optional: string[];
  /** Turns a row into what will be written, reporting every problem through row.problem; null when unusable. */
  parse(row: Row): T | null;
  /** Checks that need the whole file (totals, stock); runs after the last row of the checking pass. */
  finish?(problem: (line: number, column: string | null, message: string) => void): void;
}

const MAX_LISTED = 50;

/**
 * Imports a CSV file in two streaming passes, in constant memory: the first reads and checks every
 * row and writes nothing; only a file without a single problem is read again and written. Every
 * refusal names the line and the column; the sentence names the first few, details carry up to 50.
 */
export async function importFile<T, R>(file: string, spec: ImportSpec<T>, write: (rows: AsyncIterable<{ row: T; line: number; index: number }>, total: number) => Promise<R>, onCheck?: (rows: number) => void): Promise<R> {
  const before = statSync(file, { throwIfNoEntry: false });
  if (!before) throw new CommandError('NOT_FOUND', `There is no file ${file}. Check the path.`);
  const delimiter = sniffDelimiter(file);
  const problems: Problem[] = [];
  let count = 0;
  const report = (line: number, column: string | null, message: string) => {
    count += 1;
    if (problems.length < MAX_LISTED) problems.push({ line, column, message });
  };
  let total = 0;
  const digests: FileDigests = { chunks: [], complete: true };
  for await (const item of rows(file, readCsvFast(file, delimiter, { record: digests }), spec, report, true, false)) {
    total = item.index;
    if (total % 50_000 === 0) onCheck?.(total);
  }
  spec.finish?.(report);
  if (count > 0) {
    const named = problems.slice(0, 3).map((p) => `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`).join('; ');
    const more = count > 3 ? ` (and ${count - 3} more problem${count > 4 ? 's' : ''})` : '';
    throw new CommandError('VALIDATION', `${file} was not imported: ${named}${more}. Nothing was written; correct the file and run the import again.`, { problems, problemCount: count });
  }
  if (total === 0) throw new CommandError('VALIDATION', `${file} has a header but no rows. Nothing was written.`);
  const after = statSync(file);
  if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) throw new CommandError('CONFLICT', `${file} changed while it was being checked. Nothing was written; run the import again.`);
  // The file is read again, not kept: memory stays flat. When every chunk of it matches the digest the
  // checking pass took, the rows are the ones it accepted, and their checks need not run twice.
  const trusted = digests.complete;
  const changed = () => new CommandError('CONFLICT', `${file} changed after it was checked. Rows before the change may have been imported; run the import again and only the rest will be added.`);
  const again = readCsvFast(file, delimiter, trusted ? { verify: { digests, changed } } : {});
  return write(rows(file, again, spec, (line, column, message) => {
    throw new CommandError('CONFLICT', `${file} line ${line} changed after it was checked (${column ?? ''} ${message}). Run the import again.`);
  }, false, trusted), total);
}

async function* rows<T>(file: string, records: AsyncIterable<CsvRecord>, spec: ImportSpec<T>, report: (line: number, column: string | null, message: string) => void, checking: boolean, trusted: boolean): AsyncGenerator<{ row: T; line: number; index: number }> {
  let columns: Map<string, number> | null = null;
  let fields: string[] = [];
  let bad = false;
  // One row object for the whole pass (a parse reads it and keeps nothing of it): no closures per row.
  const row: Row = {
    line: 0,
    index: 0,
    checking,
    trusted,
    get: (c) => { const i = columns!.get(c); return i === undefined ? undefined : fields[i]; },
    problem: (c, m) => { bad = true; report(row.line, c, m); },
  };
  for await (const rec of records) {
    if (!columns) {
      columns = header(file, rec.fields, spec);
      continue;
    }
    row.index += 1;
    row.line = rec.line;
    fields = rec.fields;
    bad = false;
    const parsed = spec.parse(row);
    yield { row: (bad ? null : parsed) as T, line: rec.line, index: row.index };
  }
  if (!columns) throw new CommandError('VALIDATION', `${file} is empty. The first line must name the columns (${spec.required.join(', ')}, …). Nothing was written.`);
}

/** The header's columns by name; an unknown, repeated or missing column is refused (line 1). */
function header(file: string, fields: string[], spec: ImportSpec<unknown>): Map<string, number> {
  const known = [...spec.required, ...spec.optional];
  const map = new Map<string, number>();
  const problems: string[] = [];
  fields.forEach((raw, i) => {
    const name = raw.trim().toLowerCase();
    if (!known.includes(name)) problems.push(`column ${i + 1}: ${unknownFieldsSentence([raw.trim()], known)}`);
    else if (map.has(name)) problems.push(`column ${i + 1}: "${name}" appears twice`);
    else map.set(name, i);
  });
  const missing = spec.required.filter((r) => !map.has(r));
  if (missing.length) problems.unshift(`the header must have column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(' and ')} (found: ${fields.join(', ')})`);
  if (problems.length) throw new CommandError('VALIDATION', `${file} line 1: ${problems.join('; ')}. Nothing was written.`, { problems: problems.map((message) => ({ line: 1, column: null, message })) });
  return map;
}
