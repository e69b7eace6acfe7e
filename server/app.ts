import Fastify, { type FastifyInstance } from 'fastify';
import { HqError } from './errors';
import { installErrorHandlers } from './http/errors';
import { adminRoutes } from './http/adminRoutes';
import { deviceRoutes } from './http/deviceRoutes';
import { recoveryRoutes } from './http/recoveryRoutes';
import { makeGuard } from './http/guards';
import { installStrictRoutes } from './http/strictRoutes';
import { TokenBuckets, type RateLimitOptions } from './http/rateLimit';
import type { HqStore } from './store/store';

export interface HqServerOptions {
  store: HqStore;
  /** Largest request body in bytes (default 2 MiB); larger gets 413 and the client halves its batch. */
  bodyLimit?: number;
  /** Bearer token for the admin routes (default $HQ_ADMIN_TOKEN); without it they answer 403. */
  adminToken?: string;
  /** Enrollment attempts per client address (default burst 10, then 10 a minute). */
  enrollRateLimit?: RateLimitOptions;
  /** A row whose occurredAt is further ahead of HQ's clock is quarantined (default one day). */
  futureLimitMs?: number;
  pullDefaultLimit?: number;
  pullMaxLimit?: number;
  logger?: boolean | { level: string };
  /** HQ's clock (tests move it). */
  now?: () => number;
}

export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The HQ server as a Fastify instance, not yet listening: `await app.listen({ host: '127.0.0.1', port: 0 })`.
 * The caller owns the store and closes it after `app.close()`.
 */
export function buildHqServer(options: HqServerOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const now = options.now ?? Date.now;
  const app = Fastify({
    bodyLimit,
    logger: options.logger ?? false,
    // Rows must reach the hash check exactly as sent: no coercion, nothing removed.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
    // Requests arriving while HQ shuts down get our own JSON 503 with Retry-After (below), not Fastify's.
    return503OnClosing: false,
  });
  installErrorHandlers(app, bodyLimit);
  installStrictRoutes(app); // before any route: unknown keys are refused everywhere
  let closing = false;
  app.addHook('preClose', async () => { closing = true; });
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return;
    reply.header('connection', 'close');
    throw new HqError(503, 'SERVER_ERROR', 'HQ is shutting down or restarting; nothing was stored from this request. Try again in a few seconds.', undefined, 2);
  });
  app.addHook('onRequest', makeGuard({
    store: options.store,
    adminToken: options.adminToken ?? (process.env.HQ_ADMIN_TOKEN || undefined),
    enrollBuckets: new TokenBuckets(options.enrollRateLimit ?? { burst: 10, perMinute: 10 }),
    now,
  }));
  deviceRoutes(app, {
    store: options.store,
    now,
    futureLimitMs: options.futureLimitMs ?? 24 * 3600_000,
    pullDefaultLimit: options.pullDefaultLimit ?? 1000,
    pullMaxLimit: options.pullMaxLimit ?? 5000,
  });
  recoveryRoutes(app, { store: options.store, now, maxLimit: options.pullMaxLimit ?? 5000 });
  adminRoutes(app, { store: options.store, now });
  return app;
}
