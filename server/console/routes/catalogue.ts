import type { FastifyInstance } from 'fastify';
import { itemSchema, type ItemFields } from '../../../shared/contract/items';
import { barcodeListProblem, composeBarcodes } from '../../../shared/domain/barcodes';
import { HqError } from '../../errors';
import type { HqItem } from '../../store/store';
import { parseCatalogueCsv } from '../catalogueCsv';
import type { ConsoleDeps } from '../plugin';

const searchQuery = { type: 'object', additionalProperties: false, properties: { search: { type: 'string', maxLength: 200 } } };
// Unknown fields are refused by the contract's strict zod schema below, which names them.
const itemBody = {
  type: 'object', required: ['sku', 'name'],
  properties: {
    ...Object.fromEntries(['sku', 'name', 'category', 'brand', 'barcode', 'unit'].map((k) => [k, { type: k === 'sku' || k === 'name' ? 'string' : ['string', 'null'] }])),
    barcodes: { type: 'array', items: { type: 'string' } },
  },
};
const csvBody = { type: 'object', additionalProperties: false, required: ['csv'], properties: { csv: { type: 'string', maxLength: 1_500_000 }, commit: { type: 'boolean' } } };

const same = (a: HqItem, b: ItemFields) => a.name === b.name && (a.category ?? null) === (b.category ?? null) && (a.brand ?? null) === (b.brand ?? null) && (a.unit ?? null) === (b.unit ?? null)
  && composeBarcodes(b, a, 'keep').join('|') === a.barcodes.join('|');

/** A line whose code another item of the catalogue has (checked before anything is saved, so nothing half-applies). */
function barcodeProblems(items: Array<{ line: number; item: ItemFields }>, existing: HqItem[]): Array<{ line: number; message: string }> {
  const owner = new Map(existing.flatMap((i) => i.barcodes.map((b) => [b, i.sku] as const)));
  const problems: Array<{ line: number; message: string }> = [];
  for (const { line, item } of items) {
    const before = existing.find((i) => i.sku === item.sku);
    const list = composeBarcodes(item, before ?? { barcode: null, barcodes: [] }, 'keep');
    const taken = list.find((b) => owner.has(b) && owner.get(b) !== item.sku);
    const tooMany = barcodeListProblem(list);
    if (tooMany) problems.push({ line, message: `${tooMany}.` });
    else if (taken) problems.push({ line, message: `Barcode ${taken} already belongs to ${owner.get(taken)}.` });
  }
  return problems;
}

/** HQ's catalogue: list, add or edit an item, import a CSV (preview first). Branches get changes at their next pull. */
export function catalogueRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { store, now } = deps;

  app.get<{ Querystring: { search?: string } }>('/items', { schema: { querystring: searchQuery, tags: ['console'] } }, async (request) => {
    const q = request.query.search?.trim().toLowerCase() ?? '';
    const all = await store.listItems();
    const items = q ? all.filter((i) => i.sku.toLowerCase().includes(q) || i.name.toLowerCase().includes(q) || i.barcodes.some((b) => b.toLowerCase().includes(q))) : all;
    return { items: items.slice(0, 500), total: items.length };
  });

  app.post<{ Body: ItemFields }>('/items', { schema: { body: itemBody, tags: ['console'] } }, async (request) => {
    const parsed = itemSchema.strict().safeParse(request.body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new HqError(400, 'VALIDATION', `The item is not valid: ${issue.path.join('.') || 'item'}: ${issue.message}. Nothing was saved.`, { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    }
    const item = await store.upsertItem(parsed.data, now());
    request.log.info({ sku: item.sku, operator: request.operator?.operator }, 'catalogue item saved from the console');
    return item;
  });

  /** Without commit: what the file would do. With commit: does it, or refuses the whole file naming each bad line. */
  app.post<{ Body: { csv: string; commit?: boolean } }>('/items/import', { schema: { body: csvBody, tags: ['console'] } }, async (request) => {
    const parsed = parseCatalogueCsv(request.body.csv);
    const { items } = parsed;
    const all = await store.listItems();
    const problems = parsed.problems.length ? parsed.problems : barcodeProblems(items, all);
    if (problems.length) {
      throw new HqError(400, 'VALIDATION', `The file was refused whole: line ${problems[0]!.line}: ${problems[0]!.message}${problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : ''}. Nothing was imported.`, { problems: problems.slice(0, 200) });
    }
    const existing = new Map(all.map((i) => [i.sku, i]));
    const preview = items.map(({ line, item }) => {
      const before = existing.get(item.sku);
      return { line, item, change: !before ? 'new' : same(before, item) && !before.needsReview ? 'unchanged' : 'changed' };
    });
    const summary = { new: preview.filter((p) => p.change === 'new').length, changed: preview.filter((p) => p.change === 'changed').length, unchanged: preview.filter((p) => p.change === 'unchanged').length };
    if (!request.body.commit) return { committed: false, summary, preview };
    for (const p of preview) if (p.change !== 'unchanged') await store.upsertItem(p.item, now());
    request.log.info({ operator: request.operator?.operator, ...summary }, 'catalogue CSV imported from the console');
    return { committed: true, summary, preview };
  });
}
