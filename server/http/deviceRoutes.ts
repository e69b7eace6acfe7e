import type { FastifyInstance } from 'fastify';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { enrollRequest, PROTOCOL_VERSION, pushRequest } from '../../shared/sync/protocol';
import { deriveDeviceToken, deviceKeyHash, enrollmentCodeHash, newDeviceToken, tokenHash } from '../auth';
import { HqError } from '../errors';
import { checkHealth } from '../ops/health';
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

/** The replication protocol (shared/sync/protocol.ts): health, enroll, sync state, branches, push, pull. */
export function deviceRoutes(app: FastifyInstance, o: DeviceRouteOptions): void {
  const { store, now } = o;
  const stamp = () => ({ epoch: store.epoch, serverTime: new Date(now()).toISOString() });

  // 503 when the database does not answer or a migration is missing (server/ops/health.ts).
  app.get('/v1/health', { schema: { querystring: noQuery }, config: { guard: { protocol: 'optional' } } }, async (_request, reply) => {
    const health = await checkHealth(store);
    if (!health.ok) reply.code(503).header('retry-after', '5');
    return { ok: health.ok, protocol: PROTOCOL_VERSION, ...stamp(), database: health.database };
  });

  app.post('/v1/enroll', { schema: { body: enrollBody }, config: { guard: { protocol: 'required', rateLimit: 'enroll' } } }, async (request) => {
    const body = parse(enrollRequest, request.body);
    const codeHash = enrollmentCodeHash(body.code);
    // With a device key the token is derived (a retry gets the same one); without, a legacy random token.
    const token = body.deviceKey ? deriveDeviceToken(body.deviceKey, codeHash) : newDeviceToken();
    const who = { deviceId: body.deviceId, deviceName: body.deviceName ?? null, requestId: String(request.id), client: request.ip };
    const proposedSeal = { key: randomBytes(32).toString('base64'), from: body.sealFrom ?? 1 };
    let enrolled;
    try {
      enrolled = await store.enrollDevice({
        codeHash, deviceId: body.deviceId, deviceName: body.deviceName ?? null, tokenHash: tokenHash(token),
        keyHash: body.deviceKey ? deviceKeyHash(body.deviceKey) : null, expectBranch: body.expectBranch ?? null, preBranchThroughSeq: body.preBranchThroughSeq ?? 0,
        // The device's sealing key: HQ keeps it to verify the device's rows from sealFrom on (an existing device keeps its first key).
        seal: proposedSeal,
      }, now());
    } catch (err) {
      if (err instanceof HqError) {
        await store.logEnrollment({ ...who, outcome: 'refused', branch: typeof err.details?.branch === 'string' ? err.details.branch : null, reason: err.message }, now()).catch(() => undefined);
        throw err;
      }
      // Database text stays in HQ's log (with the request id), never in the PC's answer.
      request.log.error({ err, requestId: request.id }, 'enrolment failed');
      await store.logEnrollment({ ...who, outcome: 'refused', branch: null, reason: `HQ failed inside (request ${request.id}); see HQ's log` }, now()).catch(() => undefined);
      throw new HqError(503, 'SERVER_ERROR', `HQ could not complete the enrolment (request ${request.id}); the code was not used. Try again shortly, or give HQ's operator this request id.`, { requestId: String(request.id) }, 5);
    }
    const { branch, retried, seal } = enrolled;
    await store.logEnrollment({ ...who, outcome: retried ? 'retried' : 'enrolled', branch: branch.code, reason: null }, now()).catch((err) => request.log.warn({ err }, 'enrolment log failed'));
    request.log.info({ deviceId: body.deviceId, branch: branch.code, retried }, 'device enrolled');
    return { token, deviceId: body.deviceId, branch: { code: branch.code, name: branch.name, timeZone: branch.timeZone ?? null }, seal: seal ?? proposedSeal, ...stamp() };
  });

  app.get('/v1/sync/state', { schema: { querystring: noQuery }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const device = request.device!;
    const { retiredInto } = await store.forkState(device.deviceId);
    return { deviceId: device.deviceId, branch: device.branch, ackedSeq: await store.deviceAckedSeq(device.deviceId), chainHead: await store.chainHead(device.deviceId), retiredInto, ...stamp() };
  });

  // The transfer form's "To branch" list: every branch but the caller's own, by code.
  app.get('/v1/branches', { schema: { querystring: noQuery }, config: { guard: { protocol: 'required', auth: 'device' } } }, async (request) => {
    const device = request.device!;
    const branches = (await store.listBranches())
      .filter((b) => b.code !== device.branch)
      .map((b) => ({ code: b.code, name: b.name }))
      .sort((a, b) => a.code.localeCompare(b.code));
    return { branches, serverTime: new Date(now()).toISOString() };
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
