import type { FastifyReply, FastifyRequest } from 'fastify';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import { sameSecret, tokenHash } from '../auth';
import { HqError } from '../errors';
import type { DeviceAuth, HqStore } from '../store/store';
import type { TokenBuckets } from './rateLimit';

/**
 * What runs before a route reads its body (onRequest): protocol version, rate limit, credentials.
 * Each route says what it needs in its `config`; refusals cost HQ no parsing and store nothing.
 */
export interface RouteGuard {
  /** Device routes refuse a missing or unknown protocol version (426); others refuse only an unknown one. */
  protocol?: 'required' | 'optional';
  auth?: 'device' | 'admin' | 'deviceOrAdmin';
  rateLimit?: 'enroll';
}

declare module 'fastify' {
  interface FastifyRequest {
    device?: DeviceAuth;
    admin?: boolean;
  }
  interface FastifyContextConfig {
    guard?: RouteGuard;
  }
}

export interface GuardDeps {
  store: HqStore;
  adminToken: string | undefined;
  enrollBuckets: TokenBuckets;
  now: () => number;
  /** Where HQ serves the app's update files (the 426 answer points there). */
  updateFeed?: string;
}

export function makeGuard(deps: GuardDeps) {
  const lastTouch = new Map<string, number>();
  return async function guard(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const g = request.routeOptions.config?.guard;
    if (!g) return;
    if (g.protocol) checkProtocol(request.headers[PROTOCOL_HEADER], g.protocol === 'required', deps.updateFeed);
    if (g.rateLimit === 'enroll') {
      const wait = deps.enrollBuckets.take(request.ip, deps.now());
      if (wait !== null) {
        throw new HqError(429, 'RATE_LIMITED', `Too many enrollment attempts from this address; wait ${wait} s and try again.`, { retryAfterSeconds: wait }, wait);
      }
    }
    if (!g.auth) return;
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    if (!bearer) {
      throw new HqError(401, 'UNAUTHORIZED', g.auth === 'admin'
        ? 'This route needs the HQ admin token (Authorization: Bearer <HQ_ADMIN_TOKEN>).'
        : 'This request needs the PC\'s device token (Authorization: Bearer <token>); enroll the PC with a code from HQ first.');
    }
    if (g.auth !== 'device') {
      if (deps.adminToken && sameSecret(bearer, deps.adminToken)) {
        request.admin = true;
        return;
      }
      if (g.auth === 'admin') {
        throw deps.adminToken
          ? new HqError(401, 'UNAUTHORIZED', 'The admin token is wrong; use the value of HQ_ADMIN_TOKEN the server was started with.')
          : new HqError(403, 'FORBIDDEN', 'The admin API is switched off: start HQ with HQ_ADMIN_TOKEN set, or use the stock-ledger-hq command on the server.');
      }
    }
    const device = await deps.store.deviceByTokenHash(tokenHash(bearer));
    if (!device) throw new HqError(401, 'UNAUTHORIZED', 'HQ does not recognise this device token; connect the PC again with a new enrollment code from HQ.');
    if (device.revokedAt) throw new HqError(401, 'UNAUTHORIZED', `This PC's access was revoked at HQ (${device.revokedAt}); ask HQ for a new enrollment code if it should sync again.`, { revokedAt: device.revokedAt });
    request.device = device;
    const now = deps.now();
    if (now - (lastTouch.get(device.deviceId) ?? 0) > 30_000) {
      lastTouch.set(device.deviceId, now);
      deps.store.touchDevice(device.deviceId, now).catch((err) => request.log.warn({ err }, 'could not record last seen'));
    }
    void reply;
  };
}

function checkProtocol(header: string | string[] | undefined, required: boolean, updateFeed?: string): void {
  const got = Array.isArray(header) ? header[0] : header;
  if (got === undefined && !required) return;
  if (got !== String(PROTOCOL_VERSION)) {
    const where = updateFeed ? ` HQ serves the update at ${updateFeed} (the app's update feed).` : '';
    throw new HqError(426, 'UNSUPPORTED_PROTOCOL', got === undefined
      ? `This app did not say which sync protocol it speaks (header ${PROTOCOL_HEADER}); HQ speaks version ${PROTOCOL_VERSION}. Update the app.${where}`
      : `This app speaks sync protocol version ${got}, but HQ speaks version ${PROTOCOL_VERSION}. Update the app; sales keep working meanwhile.${where}`,
    { supported: [PROTOCOL_VERSION], got: got ?? null, ...(updateFeed ? { updateFeed } : {}) });
  }
}
