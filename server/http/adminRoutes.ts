import type { FastifyInstance } from 'fastify';
import { HqError } from '../errors';
import type { HqStore } from '../store/store';
import { branchParams, noQuery, skuParams } from './schemas';

/**
 * HQ's consolidated views over HTTP. Guarded by the admin token (HQ_ADMIN_TOKEN); a branch's own
 * status is also readable with one of that branch's device tokens, and refused (403) for any other
 * branch's device. Without HQ_ADMIN_TOKEN the same views are on the stock-ledger-hq command line.
 */
export function adminRoutes(app: FastifyInstance, o: { store: HqStore; now: () => number }): void {
  const { store } = o;
  const stamp = () => ({ epoch: store.epoch, serverTime: new Date(o.now()).toISOString() });

  app.get<{ Params: { sku: string } }>('/v1/stock/:sku', { schema: { params: skuParams, querystring: noQuery }, config: { guard: { protocol: 'optional', auth: 'admin' } } }, async (request) => {
    const { sku } = request.params;
    const item = await store.getItem(sku);
    return { sku, item, branches: await store.stock(sku), ...stamp() };
  });

  app.get<{ Params: { code: string } }>('/v1/branches/:code/status', { schema: { params: branchParams, querystring: noQuery }, config: { guard: { protocol: 'optional', auth: 'deviceOrAdmin' } } }, async (request) => {
    const { code } = request.params;
    if (!request.admin && request.device?.branch !== code) {
      throw new HqError(403, 'FORBIDDEN', `This PC belongs to branch ${request.device?.branch}; it cannot read branch ${code}'s status.`, { branch: code });
    }
    const status = await store.branchStatus(code);
    if (!status) throw new HqError(404, 'NOT_FOUND', `There is no branch ${code} at HQ.`, { branch: code });
    return { ...status, ...stamp() };
  });
}
