import type { FastifyInstance } from 'fastify';
import type { ConsoleDeps } from '../plugin';

const query = { type: 'object', additionalProperties: false, properties: { status: { type: 'string', enum: ['all', 'in_transit', 'received', 'received_with_discrepancy'] } } };

/** Transfers between branches: in transit, received, and received short or over (by line). */
export function transferRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  app.get<{ Querystring: { status?: string } }>('/transfers', { schema: { querystring: query, tags: ['console'] } }, async (request) => {
    const status = request.query.status ?? 'all';
    const all = await deps.store.transfers({});
    const transfers = status === 'all' ? all : all.filter((t) => t.status === status);
    return {
      transfers,
      counts: { inTransit: all.filter((t) => t.status === 'in_transit').length, received: all.filter((t) => t.status === 'received').length, withDiscrepancy: all.filter((t) => t.status === 'received_with_discrepancy').length },
    };
  });
}
