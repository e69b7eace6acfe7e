import { z } from 'zod';
import { limit, offset, pointInTime, sku } from './common';

/**
 * FIFO cost commands: read-only views of the cost projection (derived from the ledger, never
 * edited). Money is integer minor units; average unit costs are display figures rounded half up.
 */
export const VALUATION_SORTS = ['sku', 'name', 'qty', '-qty', 'value', '-value'] as const;

const costsItemInput = z.object({
  sku,
  /** Layers as they stood at this point in business time (a day means the end of that day). */
  asOf: pointInTime.optional(),
  /** How many of the latest outflows to list (default 200). */
  limit: limit.optional(),
});
const valuationInput = z.object({
  asOf: pointInTime.optional(),
  category: z.string().optional(),
  search: z.string().max(200).optional(),
  /** Only these items (e.g. the rows a stock list shows). */
  skus: z.array(sku).max(1000).optional(),
  sort: z.enum(VALUATION_SORTS).optional(),
  /** Rows to return (totals always cover every matching item); default all. */
  limit: z.number().int().min(1).max(100_000).optional(),
  offset: offset.optional(),
}).optional().default({});
const cogsInput = z.object({
  /** From the start of this day (or this instant)... */
  from: pointInTime,
  /** ...to the end of this day (or this instant), in business time. */
  to: pointInTime,
  category: z.string().optional(),
});

export const costCommands = {
  'costs.item': costsItemInput,
  'costs.itemCsv': costsItemInput,
  'valuation.report': valuationInput,
  'valuation.reportCsv': valuationInput,
  'costs.cogs': cogsInput,
  'costs.cogsCsv': cogsInput,
};

/** Which movement a cost line is about, with its document: the link back to the trail. */
export interface CostMovementRef {
  movementSeq: number;
  movementId: string;
  kind: string;
  kindLabel: string;
  docType: string;
  docId: string;
  occurredAt: string;
}

/** A cost layer still (partly) in stock: what is left of one inflow. */
export interface CostLayerView extends CostMovementRef {
  /** Units and value the inflow brought into the layer, and what is left of them. */
  qtyIn: number | null;
  valueIn: number | null;
  remaining: number;
  value: number;
  unitCost: number | null;
  /** Where the inflow's cost came from: its row ('row'), current FIFO cost, last known cost, or none. */
  basis: string | null;
}

export interface OutflowPart {
  layerSeq: number;
  layerOccurredAt: string;
  qty: number;
  cost: number;
  unitCost: number | null;
  /** Priced by an inflow that came after the outflow in business time (it was pending). */
  retroactive: boolean;
}

export interface OutflowView extends CostMovementRef {
  qty: number;
  pricedQty: number;
  pendingQty: number;
  cost: number;
  /** 'priced' (every unit has a cost), 'pending' (none has), 'partly-pending', or 'reversal'. */
  state: 'priced' | 'pending' | 'partly-pending' | 'reversal';
  reversedBy: string | null;
  parts: OutflowPart[];
}

export interface NegativePeriod {
  from: string;
  /** When stock came back to zero or above; null while it is still negative. */
  to: string | null;
  lowestQty: number;
}

export interface CostsItemResult {
  sku: string;
  name: string | null;
  asOf: string | null;
  qty: number;
  value: number;
  avgUnitCost: number | null;
  pendingQty: number;
  layers: CostLayerView[];
  outflows: OutflowView[];
  /** Outflows in total up to asOf (the list holds the latest `limit`). */
  outflowCount: number;
  negativePeriods: NegativePeriod[];
}

export interface ValuationRow {
  sku: string;
  name: string | null;
  category: string | null;
  qty: number;
  value: number;
  avgUnitCost: number | null;
  /** Units sold or taken out that no inflow has priced yet (stock below zero). */
  pendingQty: number;
}

export interface ValuationResult {
  asOf: string | null;
  rows: ValuationRow[];
  /** Matching items (rows may be a page of them). */
  total: number;
  totals: { qty: number; value: number; pendingQty: number; items: number; negativeItems: number };
}

export interface CogsRow {
  sku: string;
  name: string | null;
  category: string | null;
  qty: number;
  pendingQty: number;
  cost: number;
}

export interface CogsResult {
  from: string;
  to: string;
  rows: CogsRow[];
  totals: { qty: number; pendingQty: number; cost: number };
  /** The same cost split by the kind of movement it was counted under (sales, write-offs, transfers...). */
  byKind: Array<{ kind: string; kindLabel: string; qty: number; pendingQty: number; cost: number }>;
}

export interface CsvExport { csv: string; filename: string; rows: number }

export interface CostResults {
  'costs.item': CostsItemResult;
  'costs.itemCsv': CsvExport;
  'valuation.report': ValuationResult;
  'valuation.reportCsv': CsvExport;
  'costs.cogs': CogsResult;
  'costs.cogsCsv': CsvExport;
}
