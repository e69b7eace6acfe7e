import type { FastifyInstance } from 'fastify';
import { branchStock, itemTrail } from '../views';
import type { ConsoleDeps } from '../plugin';

const skuParams = { type: 'object', required: ['sku'], properties: { sku: { type: 'string', minLength: 1, maxLength: 64 } } };
const branchParams = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 32 } } };
const searchQuery = { type: 'object', additionalProperties: false, properties: { search: { type: 'string', maxLength: 200 } } };

/** Stock of one item across branches (with in transit and its trail), and of one branch (searchable). */
export function stockRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { store, db } = deps;

  app.get<{ Params: { sku: string } }>('/items/:sku/stock', { schema: { params: skuParams, tags: ['console'] } }, async (request) => {
    const { sku } = request.params;
    const [item, branches, trail, transfers] = await Promise.all([store.getItem(sku), store.stock(sku), itemTrail(db, sku), store.transfers({})]);
    const moving = transfers.filter((t) => t.lines.some((l) => l.sku === sku)).map((t) => ({
      id: t.id, fromBranch: t.fromBranch, toBranch: t.toBranch, sentAt: t.sentAt, status: t.status,
      sent: t.lines.filter((l) => l.sku === sku).reduce((s, l) => s + l.qty, 0),
      received: t.receipt ? t.receipt.lines.filter((l) => l.sku === sku).reduce((s, l) => s + l.received, 0) : null,
    }));
    const totals = branches.reduce((s, b) => ({ onHand: s.onHand + b.onHand, reserved: s.reserved + b.reserved, available: s.available + b.available, inTransit: s.inTransit + b.inTransit }), { onHand: 0, reserved: 0, available: 0, inTransit: 0 });
    return { sku, item, branches, totals, trail, transfers: moving };
  });

  app.get<{ Params: { code: string }; Querystring: { search?: string } }>('/branches/:code/stock', { schema: { params: branchParams, querystring: searchQuery, tags: ['console'] } }, async (request) => {
    return { branch: request.params.code, rows: await branchStock(db, request.params.code, request.query.search?.trim() ?? '') };
  });
}
