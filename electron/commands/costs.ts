import { resolvePointInTime, startOfLocalDay } from '../../shared/domain/time';
import { CommandError } from '../../shared/errors';
import { cogsCsv, itemCostsCsv, valuationCsv } from '../costs/csv';
import { installCostHooks } from '../costs/hooks';
import { itemCosts } from '../costs/itemView';
import { ensureCosted, ensureItemCosted } from '../costs/catchUp';
import { cogsReport, valuationReport } from '../costs/reports';
import type { Ledger } from '../ledger/open';
import { readSettings } from '../ledger/settings';
import type { Handlers } from './handler';

// Costs follow every append from here on (the hook runs inside the append's transaction).
installCostHooks();

function pointOf(ledger: Ledger, value: string | undefined): number | null {
  return value ? resolvePointInTime(value, readSettings(ledger.db).timeZone) : null;
}

/** `from` as a plain day means the start of that day in the branch's time zone. */
function startOf(ledger: Ledger, value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? startOfLocalDay(value, readSettings(ledger.db).timeZone) : Date.parse(value);
}

function cogs(ledger: Ledger, p: { from: string; to: string; category?: string }) {
  const from = startOf(ledger, p.from);
  const to = pointOf(ledger, p.to)!;
  if (from > to) throw new CommandError('VALIDATION', `The period starts (${p.from}) after it ends (${p.to}). Swap the dates.`, { from: p.from, to: p.to });
  ensureCosted(ledger);
  return cogsReport(ledger.db, from, to, p.category);
}

function item(ledger: Ledger, p: { sku: string; asOf?: string; limit?: number }) {
  ensureItemCosted(ledger, p.sku);
  return itemCosts(ledger.db, p.sku, pointOf(ledger, p.asOf), p.limit ?? 200);
}

function valuation(ledger: Ledger, p: { asOf?: string; category?: string; search?: string; skus?: string[]; sort?: string; limit?: number; offset?: number }) {
  ensureCosted(ledger);
  return valuationReport(ledger.db, { ...p, asOf: pointOf(ledger, p.asOf) });
}

export const costHandlers: Handlers<'costs.item' | 'costs.itemCsv' | 'valuation.report' | 'valuation.reportCsv' | 'costs.cogs' | 'costs.cogsCsv'> = {
  'costs.item': (p, ctx) => item(ctx.ledger, p),
  'costs.itemCsv': (p, ctx) => itemCostsCsv(item(ctx.ledger, p)),
  'valuation.report': (p, ctx) => valuation(ctx.ledger, p),
  'valuation.reportCsv': (p, ctx) => valuationCsv(valuation(ctx.ledger, p)),
  'costs.cogs': (p, ctx) => cogs(ctx.ledger, p),
  'costs.cogsCsv': (p, ctx) => cogsCsv(cogs(ctx.ledger, p)),
};
