import { barcodeList } from '../contract/items';

/** How several codes go in one CSV cell; every refusal of the column repeats it. */
export const BARCODES_CELL_HINT = 'several codes go in one cell separated by |, like 4006381333931|5012345678900';

/**
 * A catalogue CSV's `barcodes` cell: codes separated by `|` (a comma would split the CSV row and a
 * semicolon is what a spreadsheet user tries first, so both are refused with the right separator).
 */
export function barcodesCell(text: string): { codes: string[] } | { problem: string } {
  const parts = text.split('|').map((p) => p.trim());
  if (parts.some((p) => p === '')) return { problem: `barcodes: “${text}” has an empty code; ${BARCODES_CELL_HINT}` };
  const wrongSep = parts.find((p) => /[;,]/.test(p));
  if (wrongSep) return { problem: `barcodes: “${wrongSep}” holds “${wrongSep.includes(';') ? ';' : ','}”; ${BARCODES_CELL_HINT}` };
  const r = barcodeList.safeParse(parts);
  if (!r.success) return { problem: `barcodes: ${r.error.issues[0]!.message}; ${BARCODES_CELL_HINT}` };
  return { codes: r.data };
}
