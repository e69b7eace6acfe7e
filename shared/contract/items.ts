import { z } from 'zod';
import { limit, offset, sku } from './common';

export const itemSchema = z.object({
  sku,
  name: z.string().trim().min(1, 'name is required').max(200),
  category: z.string().trim().max(100).nullish(),
  brand: z.string().trim().max(100).nullish(),
  barcode: z.string().trim().max(64).nullish(),
  unit: z.string().trim().max(20).nullish(),
});

/** An item's catalogue fields as a caller gives them (branch, CLI import, HQ admin, sync push). */
export type ItemFields = z.input<typeof itemSchema>;

export const itemCommands = {
  'items.upsert': itemSchema,
  /** Many items in one transaction, all or none (a catalogue CSV's batch). */
  'items.import': z.object({ items: z.array(itemSchema).min(1).max(5000) }),
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
  'items.import': { items: number };
  'items.get': Item;
  'items.list': { rows: Item[]; total: number };
}
