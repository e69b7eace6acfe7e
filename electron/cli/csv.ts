import { parse } from 'csv-parse/sync';
import { csvCell, toCsvDocument } from '../csv/write';

/** A whole CSV text as rows (BOM, quotes, CRLF handled by csv-parse). For small texts: exports read back, tests. */
export function parseCsv(text: string): string[][] {
  return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
}

/** @deprecated use csvCell from electron/csv/write */
export const csvField = csvCell;

/** Every CSV export: BOM, CRLF, formula-guarded text cells (see electron/csv/write.ts). */
export function toCsv(header: string[], rows: unknown[][]): string {
  return toCsvDocument(header, rows);
}
