import { z } from 'zod';
import { limit, offset, safeText, sku } from './common';

export const itemSchema = z.object({
  sku,
  name: safeText(z.string().trim().min(1, 'name is required').max(200)),
  category: safeText(z.string().trim().max(100)).nullish(),
  brand: safeText(z.string().trim().max(100)).nullish(),
  barcode: safeText(z.string().trim().max(64)).nullish(),
  unit: safeText(z.string().trim().max(20)).nullish(),
});

/** An item's catalogue fields as a caller gives them (branch, CLI import, HQ admin, sync push). */
export type ItemFields = z.input<typeof itemSchema>;

export const itemCommands = {
  'items.upsert': itemSchema,
  'items.get': z.object({ sku }),
  'items.list': z.object({
    search: z.string().max(200).optional(),
    category: z.string().optional(),
    brand: z.string().optional(),
    limit: limit.optional(),
    offset: offset.optional(),
  }).optional().default({}),
};

export interface Item {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  barcode: string | null;
  unit: string;
  createdAt: string;
  updatedAt: string;
}

export interface ItemResults {
  'items.upsert': Item;
  'items.get': Item;
  'items.list': { rows: Item[]; total: number };
}
