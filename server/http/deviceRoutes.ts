import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { enrollRequest, PROTOCOL_VERSION, pushRequest } from '../../shared/sync/protocol';
import { enrollmentCodeHash, newDeviceToken, tokenHash } from '../auth';
import { HqError } from '../errors';
import type { HqStore } from '../store/store';
import { enrollBody, noQuery, pullQuery, pushBody } from './schemas';

export interface DeviceRouteOptions {
  store: HqStore;
  now: () => number;
  futureLimitMs: number;
  pullDefaultLimit: number;
  pullMaxLimit: number;
}

/** Parses with the protocol's zod schema after Fastify's JSON Schema check (trims, exact types). */
function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new HqError(400, 'VALIDATION', `The request body is not valid: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable'}. Fix it and send it again.`, { issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
}

/** The replication protocol (shared/sync/protocol.ts): health, enroll, sync state, push, pull. */
export function deviceRoutes(app: FastifyInstance, o: DeviceRouteOptions): void {
  const { store, now } = o;
  const stamp = () => ({ epoch: store.epoch, serverTime: new Date(now()).toISOString() });

  app.get('/v1/health', { schema: { querystring: noQuery }, config: { guard: { protocol: 'optional' } } }, async () => ({ ok: true, protocol: PROTOCOL_VERSION, ...stamp() }));

  app.post('/v1/enroll', { schema: { body: enrollBody }, config: { guard: { protocol: 'required', rateLimit: 'enroll' } } }, async (request) => {
    const body = parse(enrollRequest, request.body);
    const token = newDeviceToken();
    // The device's sealing key: HQ keeps it to verify the device's rows from sealFrom on (an existing device keeps its first key).
    const proposed = { key: randomBytes(32).toString('base64'), from: body.sealFrom ?? 1 };
    const { branch, seal } = await store.enrollDevice({ codeHash: enrollmentCodeHash(body.code), deviceId: body.deviceId, deviceName: body.deviceName ?? null, tokenHash: tokenHash(token), seal: proposed }, now());
    request.log.info({ deviceId: body.deviceId, branch: branch.code }, 'device enrolled');
    return { token, deviceId: body.deviceId, branch: { code: branch.code, name: branch.name }, seal: seal ?? proposed, ...stamp() };
  });

  app.get('/v1/sync/state', { schema: { querystring: noQuery }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const device = request.device!;
    const { retiredInto } = await store.forkState(device.deviceId);
    return { deviceId: device.deviceId, branch: device.branch, ackedSeq: await store.deviceAckedSeq(device.deviceId), chainHead: await store.chainHead(device.deviceId), retiredInto, ...stamp() };
  });

  app.post('/v1/push', { schema: { body: pushBody }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const device = request.device!;
    const body = parse(pushRequest, request.body);
    if (body.deviceId !== device.deviceId) {
      throw new HqError(403, 'FORBIDDEN', `This token belongs to device ${device.deviceId}; it cannot push for device ${body.deviceId}. Nothing was stored.`, { deviceId: body.deviceId });
    }
    const { retiredInto } = await store.forkState(device.deviceId);
    if (retiredInto) {
      throw new HqError(409, 'DIVERGED', `This device was recovered as device ${retiredInto} after its ledger went back in time; it takes no more rows. Open the recovered ledger, or run sync.recover on this PC.`, { retiredInto });
    }
    const result = await store.push({ device, request: body, now: now(), futureLimitMs: o.futureLimitMs });
    if (result.quarantined.length) request.log.warn({ deviceId: device.deviceId, quarantined: result.quarantined }, 'rows quarantined');
    // The client compares this with its own row at that sequence (divergence check).
    return { ...result, chainHead: await store.chainHead(device.deviceId), ...stamp() };
  });

  app.get<{ Querystring: { cursor?: string; limit?: string } }>('/v1/pull', { schema: { querystring: pullQuery }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const device = request.device!;
    const cursor = Number(request.query.cursor ?? 0);
    const limit = Number(request.query.limit ?? o.pullDefaultLimit);
    if (limit < 1 || limit > o.pullMaxLimit) throw new HqError(400, 'VALIDATION', `limit must be between 1 and ${o.pullMaxLimit}.`, { limit });
    const result = await store.pull({ branch: device.branch, deviceId: device.deviceId, cursor, limit });
    const s = stamp();
    return { epoch: s.epoch, ...result, serverTime: s.serverTime };
  });
}
