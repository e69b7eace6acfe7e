import type { FastifyInstance } from 'fastify';
import { issueEnrollmentCode } from '../../auth';
import { HqError } from '../../errors';
import { deviceActivity } from '../views';
import type { ConsoleDeps } from '../plugin';

const codeParams = { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 32 } } };
const deviceParams = { type: 'object', required: ['deviceId'], properties: { deviceId: { type: 'string', minLength: 1, maxLength: 100 } } };
const enrolBody = {
  type: 'object', additionalProperties: false, required: ['branch'],
  properties: { branch: { type: 'string', minLength: 1, maxLength: 32 }, ttlHours: { type: 'integer', minimum: 1, maximum: 720 } },
};

/** Branches and their PCs: who syncs and who is silent; revoke a PC; issue an enrolment code. */
export function branchRoutes(app: FastifyInstance, deps: ConsoleDeps): void {
  const { store, db, now } = deps;

  app.get('/branches', { schema: { tags: ['console'] } }, async () => {
    const [branches, devices, activity] = await Promise.all([store.listBranches(), store.listDevices(), deviceActivity(db)]);
    const out = [];
    for (const b of branches) {
      const status = await store.branchStatus(b.code);
      const own = devices.filter((d) => d.branch === b.code).map((d) => {
        const a = activity.get(d.deviceId);
        return { ...d, lastPullAt: a?.lastPullAt ?? null, appVersion: a?.appVersion ?? null, lastError: a?.lastError ?? null, lastErrorAt: a?.lastErrorAt ?? null };
      });
      out.push({ ...b, status, devices: own });
    }
    return { branches: out, serverTime: new Date(now()).toISOString() };
  });

  app.post<{ Params: { deviceId: string } }>('/devices/:deviceId/revoke', { schema: { params: deviceParams, tags: ['console'] } }, async (request) => {
    const { deviceId } = request.params;
    if (!(await store.revokeDevice(deviceId, now()))) throw new HqError(404, 'NOT_FOUND', `There is no active PC ${deviceId}; it may already be revoked.`);
    request.log.warn({ deviceId, operator: request.operator?.operator }, 'device revoked from the console');
    return { revoked: deviceId };
  });

  /** The code is in this answer only: HQ keeps its hash. */
  app.post<{ Body: { branch: string; ttlHours?: number } }>('/enrolment-codes', { schema: { body: enrolBody, tags: ['console'] } }, async (request, reply) => {
    const { branch, ttlHours } = request.body;
    if (!(await store.listBranches()).some((b) => b.code === branch)) {
      throw new HqError(400, 'VALIDATION', `There is no branch ${branch}; an enrolment code is for a branch HQ knows. Nothing was issued.`, { branch });
    }
    const issued = await issueEnrollmentCode(store, branch, { ttlHours, now: now() });
    request.log.info({ branch, operator: request.operator?.operator }, 'enrolment code issued from the console');
    reply.header('cache-control', 'no-store');
    return issued;
  });

  /**
   * Why an enrolment was refused: read from HQ's enrolment log where the store keeps one
   * (listEnrollments, the identity work); without it the console says the log is not available.
   */
  app.get('/enrolments', { schema: { tags: ['console'] } }, async () => {
    const log = (store as { listEnrollments?: (f: { refusedOnly?: boolean; limit?: number }) => Promise<unknown[]> }).listEnrollments;
    if (typeof log !== 'function') return { available: false, refusals: [] };
    return { available: true, refusals: await log.call(store, { refusedOnly: true, limit: 50 }) };
  });

  app.get<{ Params: { code: string } }>('/branches/:code', { schema: { params: codeParams, tags: ['console'] } }, async (request) => {
    const status = await store.branchStatus(request.params.code);
    if (!status) throw new HqError(404, 'NOT_FOUND', `There is no branch ${request.params.code} at HQ.`);
    return status;
  });
}
