import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parkedRequest } from '../../shared/sync/protocol';
import { HqError } from '../errors';
import type { HqStore } from '../store/store';

const body = (() => {
  const { $schema: _drop, ...rest } = z.toJSONSchema(parkedRequest, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
})();

/** POST /v1/parked: a PC reports what it parked from its pulls (its review list), so HQ sees it with the reason. */
export function parkedRoutes(app: FastifyInstance, o: { store: HqStore; now: () => number }): void {
  app.post('/v1/parked', { schema: { body }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const r = parkedRequest.safeParse(request.body);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new HqError(400, 'VALIDATION', `The request body is not valid: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable'}. Fix it and send it again.`);
    }
    const device = request.device!;
    await o.store.recordParked({ deviceId: device.deviceId, branch: device.branch }, r.data.entries, o.now());
    request.log.warn({ deviceId: device.deviceId, parked: r.data.entries.length }, 'a PC parked pulled entries');
    return { recorded: r.data.entries.length };
  });
}
