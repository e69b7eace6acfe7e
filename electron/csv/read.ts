import { parse } from 'csv-parse';
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { CommandError } from '../../shared/errors';

export type Delimiter = ',' | ';' | '\t';
const DELIMITERS: Delimiter[] = [',', ';', '\t'];
const NAMES: Record<Delimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };

/**
 * The delimiter of a file, from its header line: whichever of comma, semicolon and tab occurs most
 * outside quotes (Excel writes `;` where the decimal separator is a comma). Comma when none occurs.
 */
export function sniffDelimiter(file: string): Delimiter {
  const fd = openSync(file, 'r');
  const buf = Buffer.alloc(64 * 1024);
  let n: number;
  try { n = readSync(fd, buf, 0, buf.length, 0); } finally { closeSync(fd); }
  let text = buf.subarray(0, n).toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const counts = new Map<Delimiter, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const c of text) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) break;
    else if (!quoted && counts.has(c as Delimiter)) counts.set(c as Delimiter, counts.get(c as Delimiter)! + 1);
  }
  let best: Delimiter = ',';
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

export function delimiterName(d: Delimiter): string {
  return NAMES[d];
}

export interface CsvRecord {
  /** The file line the record starts on (1 = the header), counting the lines inside quoted fields. */
  line: number;
  fields: string[];
}

/** csv-parse's own failures as one sentence naming the line and column. */
function syntaxError(file: string, err: { code?: string; lines?: number; column?: number; message: string }): CommandError {
  const where = `${file} line ${err.lines ?? '?'}${err.column !== undefined ? `, column ${Number(err.column) + 1}` : ''}`;
  const what: Record<string, string> = {
    INVALID_OPENING_QUOTE: 'a quote (") inside a field that does not start with one. Put the whole field in quotes and double the inner quote ("Monitor 5"" screen")',
    CSV_INVALID_CLOSING_QUOTE: 'text follows a closing quote. Put the whole field in quotes and double any quote inside it',
    CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed, so the rest of the file would be swallowed into it. Close the quote',
    CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'this line has a different number of fields from the header. Check for a stray delimiter or a missing field',
    CSV_RECORD_INCONSISTENT_COLUMNS: 'this line has a different number of fields from the header',
    INVALID_BOM: 'the file starts with a damaged byte-order mark. Save it again as UTF-8',
  };
  const sentence = (err.code && what[err.code]) || err.message;
  return new CommandError('VALIDATION', `${where}: ${sentence}. Nothing was imported.`, { line: err.lines ?? null, column: err.column !== undefined ? Number(err.column) + 1 : null, csvCode: err.code ?? null });
}

/**
 * Streams a CSV file's records with csv-parse (RFC 4180: quoted fields with doubled quotes and
 * newlines inside, CRLF or LF, a UTF-8 BOM), in constant memory. Strict: a stray quote, an unclosed
 * quote or a line with the wrong number of fields stops the read with the line and column.
 */
export async function* readCsv(file: string, delimiter: Delimiter = sniffDelimiter(file)): AsyncGenerator<CsvRecord> {
  const parser = createReadStream(file).pipe(parse({ delimiter, bom: true, info: true, skip_empty_lines: true, relax_column_count: false, record_delimiter: ['\r\n', '\n', '\r'] }));
  let prevLines = 0;
  let prevEmpty = 0;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number; empty_lines: number } }>) {
      const line = prevLines + 1 + (info.empty_lines - prevEmpty);
      prevEmpty = info.empty_lines;
      prevLines = info.lines;
      yield { line, fields: record };
    }
  } catch (err) {
    if (err instanceof CommandError) throw err;
    const e = err as { code?: string; message: string };
    if (e.code === 'ENOENT') throw new CommandError('NOT_FOUND', `There is no file ${file}. Check the path.`);
    throw syntaxError(file, e as never);
  } finally {
    parser.destroy();
  }
}
