import { z } from 'zod';
import { actor, limit, minorUnits, offset, safeText, sku } from './common';

/** The most barcodes one item carries (old and new packaging, supplier's and maker's codes). */
export const MAX_BARCODES = 20;

/** One barcode in an item's list: the same limits and characters as the single `barcode` field. */
export const barcodeCode = safeText(z.string().trim().min(1, 'a barcode cannot be empty').max(64, 'a barcode is at most 64 characters'));

/** An item's whole list of barcodes, the primary first; a code listed twice is refused, not merged. */
export const barcodeList = z.array(barcodeCode).max(MAX_BARCODES, `an item has at most ${MAX_BARCODES} barcodes`).superRefine((list, ctx) => {
  const twice = list.find((b, i) => list.indexOf(b) !== i);
  if (twice !== undefined) ctx.addIssue({ code: 'custom', message: `barcode ${twice} is listed twice` });
});

/** The catalogue fields HQ and the branch share (sync push and pull carry exactly these). */
export const itemSchema = z.object({
  sku,
  name: safeText(z.string().trim().min(1, 'name is required').max(200)),
  category: safeText(z.string().trim().max(100)).nullish(),
  brand: safeText(z.string().trim().max(100)).nullish(),
  barcode: safeText(z.string().trim().max(64)).nullish(),
  unit: safeText(z.string().trim().max(20)).nullish(),
  /**
   * Every barcode of the item, the primary (`barcode`) first. Given, it is the whole list (`barcode`, when
   * also given, is put first). Left out: a branch's upsert keeps the extra codes and only sets the primary;
   * a pull from an HQ that does not send it means "no extra barcodes".
   */
  barcodes: barcodeList.optional(),
});

/** An item's catalogue fields as a caller gives them (branch, CLI import, HQ admin, sync push). */
export type ItemFields = z.input<typeof itemSchema>;

/**
 * What a shop keeps about an item besides the shared catalogue fields: the default cost a receipt
 * starts from, the selling price and the reorder level. Left out = unchanged; null = cleared.
 */
export const itemShopFields = {
  defaultCost: minorUnits.nullish(),
  price: z.number().int('a price is in whole minor units (cents)').nonnegative('a price cannot be negative').max(1e12).nullish(),
  reorderLevel: z.number().int('the reorder level is a whole number').nonnegative('the reorder level cannot be negative').max(1_000_000_000).nullish(),
};
export const itemUpsertSchema = itemSchema.extend(itemShopFields).strict();
export type ItemUpsert = z.input<typeof itemUpsertSchema>;

export const itemCommands = {
  'items.upsert': itemUpsertSchema,
  /** Many items in one transaction, all or none (a catalogue CSV's batch from the CLI). */
  'items.importBatch': z.object({ items: z.array(itemSchema).min(1).max(5000) }),
  'items.get': z.object({ sku }),
  'items.list': z.object({
    search: z.string().max(200).optional(),
    category: z.string().optional(),
    brand: z.string().optional(),
    /** 'active' (default), 'inactive' or 'all'. */
    status: z.enum(['active', 'inactive', 'all']).optional(),
    limit: limit.optional(),
    offset: offset.optional(),
  }).optional().default({}),
  /** Deactivate (or bring back) an item: it leaves scanning and new documents; its history stays. */
  'items.setActive': z.object({ sku, active: z.boolean(), actor }).strict(),
  /** Checks catalogue CSV text without writing anything: each row as it would be saved, or its line's error. */
  'items.importPreview': z.object({ csv: z.string().max(20_000_000) }).strict(),
  /** Saves every row of catalogue CSV text in one transaction, or nothing when any line is wrong. */
  'items.import': z.object({ csv: z.string().max(20_000_000), actor }).strict(),
};

export interface Item {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  /** The primary barcode (the first of `barcodes`), kept for callers that know only one. */
  barcode: string | null;
  /** Every barcode that finds this item, the primary first. */
  barcodes: string[];
  unit: string;
  defaultCost: number | null;
  price: number | null;
  reorderLevel: number | null;
  active: boolean;
  /** HQ's catalogue has this item: its name, barcode and unit follow HQ on the next pull. */
  managedByHq: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ItemImportRow {
  /** The line of the file (1 = the header). */
  line: number;
  item: ItemUpsert | null;
  /** 'new' or 'update' when the row is good. */
  action: 'new' | 'update' | null;
  error: string | null;
}

export interface ItemImportPreview {
  rows: ItemImportRow[];
  counts: { new: number; update: number; errors: number };
}

export interface ItemResults {
  'items.upsert': Item;
  'items.importBatch': { items: number };
  'items.get': Item;
  'items.list': { rows: Item[]; total: number };
  'items.setActive': Item;
  'items.importPreview': ItemImportPreview;
  'items.import': { saved: number; new: number; updated: number };
}
