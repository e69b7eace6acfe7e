import type { CogsResult, CostsItemResult, CsvExport, ValuationResult } from '../../shared/contract/costs';
import { toCsv } from '../cli/csv';
import { moneyCell as dec } from '../csv/write';

/** CSV exports of the cost views: money as a decimal amount for people, and in minor units (cents, as stored) for machines. */
const stamp = (iso: string | null) => (iso ?? new Date().toISOString()).slice(0, 10);

export function itemCostsCsv(r: CostsItemResult): CsvExport {
  const rows: unknown[][] = [];
  for (const l of r.layers) rows.push(['layer', l.occurredAt, l.kind, l.docId, l.movementId, l.remaining, dec(l.value), dec(l.unitCost), l.value, l.unitCost, '', '', l.basis]);
  for (const o of r.outflows) {
    if (o.parts.length === 0) rows.push(['outflow', o.occurredAt, o.kind, o.docId, o.movementId, o.qty, dec(o.cost), '', o.cost, '', '', o.pendingQty, o.state]);
    for (const p of o.parts) rows.push(['outflow', o.occurredAt, o.kind, o.docId, o.movementId, p.qty, dec(p.cost), dec(p.unitCost), p.cost, p.unitCost, p.layerOccurredAt, o.pendingQty, p.retroactive ? `${o.state} (priced retroactively)` : o.state]);
  }
  return {
    csv: toCsv(['row', 'occurred_at', 'kind', 'document', 'movement_id', 'qty', 'cost', 'unit_cost', 'cost_minor', 'unit_cost_minor', 'layer_occurred_at', 'pending_qty', 'state'], rows),
    filename: `costs-${r.sku}-${stamp(r.asOf)}.csv`,
    rows: rows.length,
  };
}

export function valuationCsv(r: ValuationResult): CsvExport {
  const rows = r.rows.map((v) => [v.sku, v.name, v.category, v.qty, dec(v.value), dec(v.avgUnitCost), v.value, v.avgUnitCost, v.pendingQty]);
  rows.push(['TOTAL', `${r.totals.items} items`, '', r.totals.qty, dec(r.totals.value), '', r.totals.value, '', r.totals.pendingQty]);
  return {
    csv: toCsv(['sku', 'name', 'category', 'qty', 'value', 'avg_unit_cost', 'value_minor', 'avg_unit_cost_minor', 'pending_qty'], rows),
    filename: `valuation-${stamp(r.asOf)}.csv`,
    rows: r.rows.length,
  };
}

export function cogsCsv(r: CogsResult): CsvExport {
  const rows = r.rows.map((c) => [c.sku, c.name, c.category, c.qty, dec(c.cost), c.cost, c.pendingQty]);
  rows.push(['TOTAL', '', '', r.totals.qty, dec(r.totals.cost), r.totals.cost, r.totals.pendingQty]);
  return {
    csv: toCsv(['sku', 'name', 'category', 'qty', 'cost', 'cost_minor', 'pending_qty'], rows),
    filename: `cogs-${r.from.slice(0, 10)}-to-${r.to.slice(0, 10)}.csv`,
    rows: r.rows.length,
  };
}
