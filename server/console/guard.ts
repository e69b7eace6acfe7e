import type { FastifyRequest } from 'fastify';
import { HqError } from '../errors';
import { readCookie, SESSION_COOKIE } from './cookies';
import type { OperatorStore, SessionAuth } from './operators';

export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    operator?: SessionAuth;
  }
  interface FastifyContextConfig {
    /** Console routes: `public` needs no session (sign-in); everything else does. */
    console?: { public?: boolean; anyRole?: boolean };
  }
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every console API request: a live session (401 otherwise, the same sentence whatever was wrong),
 * and for a write an admin (403 for a viewer) who sent the session's CSRF token in X-CSRF-Token
 * (403 without it). A write from another origin is refused outright. Refusals happen before the
 * body is read, so nothing is written.
 */
export function consoleGuard(operators: OperatorStore, now: () => number) {
  return async function guard(request: FastifyRequest): Promise<void> {
    const write = WRITES.has(request.method);
    if (write) checkOrigin(request);
    const cfg = request.routeOptions.config?.console;
    if (cfg?.public) return;
    const token = readCookie(request.headers.cookie, SESSION_COOKIE);
    const session = token ? await operators.session(token, now()) : null;
    if (!session) throw new HqError(401, 'UNAUTHORIZED', 'Sign in to the HQ console (your session has ended or was never started).');
    request.operator = session;
    if (!write) return;
    if (session.role !== 'admin' && !cfg?.anyRole) throw new HqError(403, 'FORBIDDEN', `${session.operator} is a viewer; ask an admin to make this change.`);
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || sent !== session.csrf) {
      throw new HqError(403, 'FORBIDDEN', 'This change did not carry the console\'s CSRF token; reload the console and try again. Nothing was changed.');
    }
  };
}

/** Browsers send Origin on cross-site writes; one that is not this HQ is refused. */
function checkOrigin(request: FastifyRequest): void {
  const origin = request.headers.origin;
  if (!origin) return;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    host = '';
  }
  const forwarded = request.headers['x-forwarded-host'];
  const own = [request.headers.host, typeof forwarded === 'string' ? forwarded : undefined].filter(Boolean);
  if (!own.includes(host)) throw new HqError(403, 'FORBIDDEN', `A change from ${origin} is refused: only the HQ console itself may write. Nothing was changed.`);
}
