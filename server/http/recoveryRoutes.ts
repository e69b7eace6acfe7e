import type { FastifyInstance } from 'fastify';
import { forkRequest } from '../../shared/sync/protocol';
import { tokenHash } from '../auth';
import { HqError } from '../errors';
import type { HqStore } from '../store/store';

const digits = (max: number) => ({ type: 'string', pattern: `^[0-9]{1,${max}}$` });
const rowsQuery = { type: 'object', properties: { after: digits(15), limit: digits(5) }, additionalProperties: false };
const forkBody = {
  type: 'object',
  properties: { newDeviceId: { type: 'string', minLength: 1, maxLength: 100 }, lastCommonSeq: { type: 'integer', minimum: 0 }, token: { type: 'string', minLength: 40, maxLength: 100 } },
  required: ['newDeviceId', 'lastCommonSeq', 'token'],
  additionalProperties: false,
};

/**
 * Recovery of a PC whose ledger went back in time (shared/sync/protocol.ts, electron/sync/recover.ts):
 * the PC takes back its own rows as HQ holds them, then carries on under a fresh device chain.
 */
export function recoveryRoutes(app: FastifyInstance, o: { store: HqStore; now: () => number; maxLimit: number }): void {
  const { store, now } = o;
  const stamp = () => ({ epoch: store.epoch, serverTime: new Date(now()).toISOString() });

  app.get<{ Querystring: { after?: string; limit?: string } }>('/v1/recover/rows', { schema: { querystring: rowsQuery }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const after = Number(request.query.after ?? 0);
    const limit = Number(request.query.limit ?? 1000);
    if (limit < 1 || limit > o.maxLimit) throw new HqError(400, 'VALIDATION', `limit must be between 1 and ${o.maxLimit}.`, { limit });
    const rows = await store.deviceRows(request.device!.deviceId, after, limit + 1);
    return { movements: rows.slice(0, limit), hasMore: rows.length > limit, ...stamp() };
  });

  app.post('/v1/recover/fork', { schema: { body: forkBody }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const device = request.device!;
    const body = forkRequest.parse(request.body);
    if (body.newDeviceId === device.deviceId) throw new HqError(400, 'VALIDATION', 'The recovered chain needs a new device id.', { newDeviceId: body.newDeviceId });
    const token = body.token;
    const { branch } = await store.forkDevice({ deviceId: device.deviceId, newDeviceId: body.newDeviceId, tokenHash: tokenHash(token), lastCommonSeq: body.lastCommonSeq }, now());
    request.log.warn({ deviceId: device.deviceId, newDeviceId: body.newDeviceId, lastCommonSeq: body.lastCommonSeq }, 'device recovered into a fresh chain');
    return { token, deviceId: body.newDeviceId, branch, ...stamp() };
  });
}
