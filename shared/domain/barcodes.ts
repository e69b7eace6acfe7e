import { MAX_BARCODES } from '../contract/items';

/**
 * An item's barcodes after a change, the primary first (pure: the branch and HQ compose the same way).
 * `barcodes` given is the whole list, with `barcode` (when given) put first. Left out, `absent` decides:
 * 'keep' (a branch's upsert from a caller that knows only `barcode`: the extra codes stay) or 'none'
 * (HQ's pull payload from an HQ that predates the list: no extra codes). A cleared primary with extras
 * left promotes the next code, so `barcode` is always the first of `barcodes`.
 */
export function composeBarcodes(given: { barcode?: string | null; barcodes?: string[] }, current: { barcode: string | null; barcodes: string[] }, absent: 'keep' | 'none'): string[] {
  const primary = given.barcode?.trim() || null;
  const rest = given.barcodes !== undefined ? given.barcodes : absent === 'keep' ? current.barcodes.filter((b) => b !== current.barcode) : [];
  const out: string[] = [];
  for (const b of [primary, ...rest]) if (b && !out.includes(b)) out.push(b);
  return out;
}

/** Why a composed list cannot be stored, or null. */
export function barcodeListProblem(list: string[]): string | null {
  return list.length > MAX_BARCODES ? `an item has at most ${MAX_BARCODES} barcodes (this one would have ${list.length})` : null;
}
