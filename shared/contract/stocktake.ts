import { z } from 'zod';
import { managerApproval } from './approval';
import type { VarianceTotals } from '../domain/stocktake';
import { actor, docId, limit, note, offset, sku } from './common';

/**
 * Stock take (issue 4): count sessions whose counts remember the ledger position they were made at,
 * a variance review, and one atomic commit of the differences. The position rule is in
 * shared/domain/stocktake.ts.
 */
export const stocktakeScope = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.literal('category'), category: z.string().trim().min(1, 'name the category to count') }),
  z.object({ kind: z.literal('brand'), brand: z.string().trim().min(1, 'name the brand to count') }),
  z.object({ kind: z.literal('skus'), skus: z.array(sku).min(1, 'list at least one SKU to count').max(50_000) }),
], { message: 'scope must be {kind:"all"}, {kind:"category",category}, {kind:"brand",brand} or {kind:"skus",skus:[...]}' });
export type StocktakeScope = z.infer<typeof stocktakeScope>;

const sessionId = z.string().trim().min(1, 'sessionId is required').max(100);
export const STOCKTAKE_STATUSES = ['open', 'committed', 'cancelled'] as const;
export type StocktakeStatus = (typeof STOCKTAKE_STATUSES)[number];

export const stocktakeCommands = {
  'stocktake.start': z.object({
    scope: stocktakeScope,
    /** Blind: the counter never sees expected quantities; review shows them only after commit. */
    blind: z.boolean().optional().default(false),
    note: note(500).optional(),
    actor,
    /** Client-chosen session id: a retried start returns the first session. */
    id: docId.optional(),
  }),
  'stocktake.count': z.object({
    sessionId,
    /** A SKU or a barcode, as the scanner types it. */
    sku,
    /** `add`: + qty (a scan is +1; a negative qty takes units off); `set`: the item's count is qty. */
    qty: z.number().int('quantity must be a whole number').min(-1_000_000).max(1_000_000),
    mode: z.enum(['add', 'set']).optional().default('add'),
    actor,
    /** Client event id: a retried count (network, double Enter) is recorded once. */
    id: docId.optional(),
  }).refine((p) => p.mode === 'set' ? p.qty >= 0 : p.qty !== 0, { message: 'an add needs a quantity other than 0; a set needs 0 or more', path: ['qty'] }),
  /** Many counts at once, all or none: a handheld terminal's upload. Re-sending the same batch id records nothing twice. */
  'stocktake.countBatch': z.object({
    sessionId,
    counts: z.array(z.object({
      sku,
      qty: z.number().int('quantity must be a whole number').min(-1_000_000).max(1_000_000),
      mode: z.enum(['add', 'set']).optional().default('add'),
    }).refine((c) => c.mode === 'set' ? c.qty >= 0 : c.qty !== 0, { message: 'an add needs a quantity other than 0; a set needs 0 or more', path: ['qty'] }))
      .min(1, 'send at least one count').max(50_000),
    actor,
    id: docId,
  }),
  'stocktake.undo': z.object({ sessionId, eventId: z.string().trim().min(1), actor, id: docId.optional() }),
  'stocktake.review': z.object({ sessionId }),
  'stocktake.commit': z.object({
    sessionId,
    /** What to do with in-scope items nobody counted: leave their stock, or count them as zero. */
    uncounted: z.enum(['leave', 'zero']),
    actor,
    approval: managerApproval.optional(),
  }),
  'stocktake.cancel': z.object({ sessionId, actor, reason: z.string().trim().max(500).optional() }),
  'stocktake.list': z.object({ status: z.enum(STOCKTAKE_STATUSES).optional(), limit: limit.optional(), offset: offset.optional() }).optional().default({}),
  'stocktake.get': z.object({ sessionId }),
  'stocktake.events': z.object({ sessionId, sku: sku.optional(), limit: limit.optional(), before: z.number().int().positive().optional() }),
  'stocktake.exportCsv': z.object({ sessionId }),
};

export interface StocktakeProgress {
  counted: number;
  inScope: number;
}

export interface StocktakeSession {
  id: string;
  scope: StocktakeScope;
  /** "All items", "Category Tea", "Brand Acme", "12 SKUs". */
  scopeLabel: string;
  blind: boolean;
  note: string | null;
  status: StocktakeStatus;
  startedBy: string;
  startedAt: string;
  /** Ledger position when the session started. */
  startPosition: number;
  closedBy: string | null;
  closedAt: string | null;
  closeReason: string | null;
  uncounted: 'leave' | 'zero' | null;
  /** Ledger position just before the commit's adjustments. */
  commitPosition: number | null;
  progress: StocktakeProgress;
  /** After commit: the adjustment movements appended (docType 'stocktake', docId = session id). */
  adjustments: { movements: number; netUnits: number } | null;
}

export interface CountEventView {
  id: string;
  seq: number;
  sessionId: string;
  sku: string;
  name: string | null;
  mode: 'add' | 'set' | 'undo';
  qty: number;
  undoes: string | null;
  undoneBy: string | null;
  position: number;
  actor: string;
  countedAt: string;
}

export interface StocktakeItemCount {
  sku: string;
  name: string;
  counted: number;
  position: number;
  countedAt: string;
  lastCountedAt: string;
  events: number;
  countedBy: string[];
  /** Stock at the count position; null in a blind count until it is committed. */
  expected: number | null;
}

export interface CountResult {
  event: CountEventView;
  /** The item's count after this event; null when every event of the item is undone. */
  item: StocktakeItemCount | null;
  progress: StocktakeProgress;
  blind: boolean;
}

export interface AfterMovement {
  seq: number;
  kind: string;
  kindLabel: string;
  onHandDelta: number;
  actor: string;
  docType: string;
  docId: string;
  occurredAt: string;
  /** Recorded between the first and the last scan of the item: the counter may have seen it. */
  whileCounting: boolean;
}

export interface ReviewRow {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  counted: number;
  expected: number | null;
  difference: number | null;
  unitCost: number | null;
  differenceValue: number | null;
  position: number;
  countedAt: string;
  lastCountedAt: string;
  countedBy: string[];
  events: number;
  /** Movements recorded after the count position (they stay on top of the count at commit). */
  after: { movements: number; onHandNet: number; whileCounting: number; recent: AfterMovement[] };
  /** After commit: the adjustment movement for this item. */
  adjustment: { movementId: string; seq: number; qty: number } | null;
}

export interface UncountedRow {
  sku: string;
  name: string;
  category: string | null;
  brand: string | null;
  /** Stock now (before commit) or at the commit position; null in a blind count before commit. */
  expected: number | null;
  unitCost: number | null;
  adjustment: { movementId: string; seq: number; qty: number } | null;
}

export interface StocktakeReview {
  session: StocktakeSession;
  /** True for a blind count before commit: expected, difference and value are withheld. */
  hidden: boolean;
  /** Counted items, sorted by absolute difference in value (by SKU while hidden). */
  rows: ReviewRow[];
  uncounted: UncountedRow[];
  totals: VarianceTotals;
  uncountedTotals: { items: number; units: number | null; value: number | null };
  /** Where unit costs come from, said once for the screen and the CSV. */
  costSource: string;
}

export interface CommitResult {
  session: StocktakeSession;
  movements: Array<{ sku: string; qty: number; movementId: string; seq: number }>;
  netUnits: number;
}

export interface StocktakeResults {
  'stocktake.start': StocktakeSession;
  'stocktake.count': CountResult;
  'stocktake.countBatch': { events: number; alreadyRecorded: boolean; progress: StocktakeProgress };
  'stocktake.undo': CountResult;
  'stocktake.review': StocktakeReview;
  'stocktake.commit': CommitResult;
  'stocktake.cancel': StocktakeSession;
  'stocktake.list': { rows: StocktakeSession[]; total: number };
  'stocktake.get': StocktakeSession;
  'stocktake.events': { rows: CountEventView[]; nextBefore: number | null };
  'stocktake.exportCsv': { csv: string; filename: string; rows: number };
}
