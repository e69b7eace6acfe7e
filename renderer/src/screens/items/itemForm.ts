import type { Item, ItemUpsert } from '../../../../shared/contract';
import { fmtAmount, parseAmount } from '../../ui/format';

/**
 * The item form as typed: every field a string, money in currency units; `barcodes` the item's codes
 * (the first the primary) and `barcode` the one still being typed in the add box.
 */
export interface ItemDraft {
  sku: string; name: string; barcode: string; category: string; brand: string; unit: string;
  defaultCost: string; price: string; reorderLevel: string;
  barcodes: string[];
}
export type TextField = Exclude<keyof ItemDraft, 'barcodes'>;

export const emptyDraft = (): ItemDraft => ({ sku: '', name: '', barcode: '', barcodes: [], category: '', brand: '', unit: 'pcs', defaultCost: '', price: '', reorderLevel: '' });

export function draftOf(item: Item): ItemDraft {
  return {
    sku: item.sku, name: item.name, barcode: '', barcodes: item.barcodes, category: item.category ?? '', brand: item.brand ?? '', unit: item.unit,
    defaultCost: fmtAmount(item.defaultCost), price: fmtAmount(item.price), reorderLevel: item.reorderLevel === null ? '' : String(item.reorderLevel),
  };
}

/**
 * The payload items.upsert gets, or the fields the form can already tell are wrong (amounts and
 * whole numbers); everything else (required, lengths, barcode owner) is the contract's to say.
 */
export function payloadOf(d: ItemDraft): { payload: ItemUpsert; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const money = (field: 'defaultCost' | 'price') => {
    const v = parseAmount(d[field]);
    if (v !== undefined && Number.isNaN(v)) { errors[field] = 'Type an amount like 3.50.'; return null; }
    return v ?? null;
  };
  const reorder = d.reorderLevel.trim();
  if (reorder && !/^\d+$/.test(reorder)) errors.reorderLevel = 'Type a whole number.';
  // The whole list goes (the first is the primary); a code left typed in the add box is one of them.
  const typed = d.barcode.trim();
  const barcodes = typed && !d.barcodes.includes(typed) ? [...d.barcodes, typed] : d.barcodes;
  const payload: ItemUpsert = {
    sku: d.sku, name: d.name, barcodes, category: d.category.trim() || null, brand: d.brand.trim() || null, unit: d.unit.trim() || null,
    defaultCost: money('defaultCost'), price: money('price'), reorderLevel: reorder && /^\d+$/.test(reorder) ? Number(reorder) : null,
  };
  return { payload, errors };
}

/** The ledger's refusal placed on the field it concerns (zod issues carry a path; conflicts say the field). */
export function fieldErrors(error: { message: string; details?: Record<string, unknown> }, codes: string[] = []): { fields: Record<string, string>; form: string | null } {
  const d = error.details ?? {};
  const fields: Record<string, string> = {};
  if (Array.isArray(d.issues)) {
    for (const issue of d.issues as Array<{ path: Array<string | number>; message: string }>) {
      // One field edits both barcode and barcodes; a code's problem names the code.
      const field = String(issue.path[0] ?? 'form');
      const code = field === 'barcodes' && issue.path[1] !== undefined ? codes[Number(issue.path[1])] : undefined;
      fields[field === 'barcode' ? 'barcodes' : field] = code ? `${code}: ${issue.message}` : issue.message;
    }
  } else if (typeof d.field === 'string') fields[d.field === 'barcode' ? 'barcodes' : d.field] = error.message;
  const form = Object.keys(fields).length === 0 || fields.form ? error.message : null;
  return { fields, form };
}
