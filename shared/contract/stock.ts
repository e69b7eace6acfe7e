import { z } from 'zod';
import { limit, offset, pointInTime, sku } from './common';

export const STOCK_SORTS = ['sku', 'name', 'onHand', 'reserved', 'available', '-onHand', '-reserved', '-available', '-name', '-sku'] as const;

export const stockCommands = {
  'stock.get': z.object({ sku, asOf: pointInTime.optional(), believedAt: pointInTime.optional() }),
  'stock.list': z.object({
    search: z.string().max(200).optional(),
    category: z.string().optional(),
    brand: z.string().optional(),
    minAvailable: z.number().int().optional(),
    maxAvailable: z.number().int().optional(),
    negativeOnly: z.boolean().optional(),
    sort: z.enum(STOCK_SORTS).optional(),
    limit: limit.optional(),
    offset: offset.optional(),
  }).optional().default({}),
  'stock.trail': z.object({ sku, limit: limit.optional(), before: z.number().int().positive().optional() }),
};

export interface StockLevel {
  sku: string;
  onHand: number;
  reserved: number;
  available: number;
}

export interface StockRow extends StockLevel {
  name: string;
  category: string | null;
  brand: string | null;
  barcode: string | null;
  /** Every barcode of the item, the primary first: a scan of any of them is this row. */
  barcodes: string[];
  unit: string;
}

/**
 * A stock take that counted the item and found it matched the ledger: nothing was appended (a zero
 * difference is no movement), but the trail shows that it was counted. Not a movement: it has no seq of
 * its own; it sits after the movement with seq `position` (the ledger's position at the commit).
 */
export interface TrailCount {
  sessionId: string;
  counted: number;
  position: number;
  committedAt: string;
  committedBy: string;
  /** When the item was counted (the count's own position time) and by whom. */
  countedAt: string;
  countedBy: string[];
}

export interface TrailRow {
  seq: number;
  id: string;
  kind: string;
  kindLabel: string;
  qty: number;
  onHandDelta: number;
  reservedDelta: number;
  /** Running on-hand after this movement, in ledger order. */
  onHandAfter: number;
  reservedAfter: number;
  unitCost: number | null;
  docType: string;
  docId: string;
  docLine: number;
  actor: string;
  note: string | null;
  occurredAt: string;
  recordedAt: string;
  reverses: string | null;
  reversedBy: string | null;
  /** The manager who approved it on the spot (manager override), if one did. */
  approvedBy?: string | null;
  /** Recorded by the CLI acting as the shop's operator, or through the app. */
  via?: 'app' | 'cli';
}

export interface StockResults {
  'stock.get': StockLevel & { asOf: string | null; believedAt: string | null };
  'stock.list': { rows: StockRow[]; total: number };
  'stock.trail': { sku: string; rows: TrailRow[]; nextBefore: number | null; counts: TrailCount[] };
}
