import { zoneOffsetMs } from '../../shared/domain/time';

/** UTF-8 byte-order mark: Excel opens a file as UTF-8 (accents, €) only when it starts with one. */
export const BOM = '\uFEFF';

/**
 * One CSV cell. Text starting with = + - @ (or a tab or carriage return) is a formula to a
 * spreadsheet, so a note like `=HYPERLINK(...)` typed at the till would run on the manager's PC:
 * such text gets a leading apostrophe. Numbers are written as numbers.
 */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof CsvNumber) return v.text;
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r;\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: unknown[]): string {
  return cells.map(csvCell).join(',') + '\r\n';
}

/** A whole CSV document: BOM, header, rows, CRLF line ends (what spreadsheets expect). */
export function toCsvDocument(header: string[], rows: unknown[][]): string {
  return BOM + csvLine(header) + rows.map(csvLine).join('');
}

/** An instant in the branch's time zone with its offset, e.g. 2026-03-14T10:30:00+01:00. */
export function localTime(ms: number, timeZone: string): string {
  const offset = zoneOffsetMs(ms, timeZone);
  const local = new Date(ms + offset).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset) / 60_000;
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Minor units as a decimal amount (350 → "3.50"; with 0 digits, JPY, 350 → "350"), exact for any integer. */
export function decimalMoney(minor: number | null | undefined, digits = 2): string {
  if (minor === null || minor === undefined) return '';
  const abs = Math.abs(minor);
  if (digits === 0) return `${minor < 0 ? '-' : ''}${abs}`;
  const scale = 10 ** digits;
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / scale)}.${String(abs % scale).padStart(digits, '0')}`;
}

/** A number already written as text (a decimal amount such as "-7.00"): a number to a spreadsheet, so never formula-guarded. */
export class CsvNumber {
  constructor(readonly text: string) {}
  toString(): string { return this.text; }
}

/** A money cell: the decimal amount as a number cell (a negative amount must not get the formula guard's apostrophe). */
export function moneyCell(minor: number | null | undefined, digits = 2): CsvNumber | null {
  return minor === null || minor === undefined ? null : new CsvNumber(decimalMoney(minor, digits));
}

/** Digits after the decimal point of a currency (EUR 2, JPY 0, BHD 3), as the screens use. */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}
