import Fastify, { type FastifyInstance } from 'fastify';
import { HqError } from './errors';
import { installErrorHandlers } from './http/errors';
import { adminRoutes } from './http/adminRoutes';
import { deviceRoutes } from './http/deviceRoutes';
import { recoveryRoutes } from './http/recoveryRoutes';
import { makeGuard } from './http/guards';
import { parkedRoutes } from './http/parkedRoutes';
import { installTextGuard } from './http/textGuard';
import { installStrictRoutes } from './http/strictRoutes';
import { TokenBuckets, type RateLimitOptions } from './http/rateLimit';
import type { HqStore } from './store/store';
import { registerConsole, type ConsoleOptions } from './console/plugin';
import { installOpsHooks } from './ops/hooks';
import { Metrics, metricsRoute } from './ops/metrics';
import { registerOpenApi } from './ops/openapi';
import { registerUpdates, UPDATES_PREFIX } from './ops/updates';

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
  /** The HQ console at /console/ (default on). */
  console?: ConsoleOptions | false;
  /** Folder of the desktop app's update files, served at /updates/ (electron-updater generic feed). */
  updatesDir?: string;
  /** Bearer token Prometheus must send for /metrics (default $HQ_METRICS_TOKEN; none: open). */
  metricsToken?: string;
  /** Behind a reverse proxy: trust its X-Forwarded-For/-Proto (addresses for rate limits, https for Secure cookies). */
  trustProxy?: boolean | string | string[];
  /** HQ's own TLS (PEM contents). */
  https?: { key: string | Buffer; cert: string | Buffer };
  /** HQ's version, shown in /openapi.json. */
  version?: string;
}

export const DEFAULT_BODY_LIMIT = 2 * 1024 * 1024;

/**
 * The HQ server as a Fastify instance, not yet listening: `await app.listen({ host: '127.0.0.1', port: 0 })`.
 * The caller owns the store and closes it after `app.close()`.
 */
export function buildHqServer(options: HqServerOptions): FastifyInstance {
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const now = options.now ?? Date.now;
  // HQ's own TLS changes Fastify's server type; the routes only need a FastifyInstance.
  const app = Fastify({
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
    ...(options.https ? { https: options.https } : {}),
    logger: options.logger ?? false,
    // Rows must reach the hash check exactly as sent: no coercion, nothing removed.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, useDefaults: false, allErrors: false } },
    // Requests arriving while HQ shuts down get our own JSON 503 with Retry-After (below), not Fastify's.
    return503OnClosing: false,
  } as never) as unknown as FastifyInstance;
  installErrorHandlers(app, bodyLimit);
  installStrictRoutes(app); // before any route: unknown keys are refused everywhere
  installTextGuard(app, ['/v1/push']);
  // Before any route, so every route's schema is in /openapi.json.
  registerOpenApi(app, options.version ?? '0.0.0');
  const metrics = new Metrics();
  installOpsHooks(app, { store: options.store, metrics });
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
    updateFeed: options.updatesDir ? UPDATES_PREFIX : undefined,
  }));
  // Routes are declared once the OpenAPI plugin is loaded, so it sees each of them.
  app.after(() => {
    deviceRoutes(app, {
      store: options.store,
      now,
      futureLimitMs: options.futureLimitMs ?? 24 * 3600_000,
      pullDefaultLimit: options.pullDefaultLimit ?? 1000,
      pullMaxLimit: options.pullMaxLimit ?? 5000,
    });
    recoveryRoutes(app, { store: options.store, now, maxLimit: options.pullMaxLimit ?? 5000 });
    adminRoutes(app, { store: options.store, now });
    parkedRoutes(app, { store: options.store, now });
    metricsRoute(app, { store: options.store, metrics, now, token: options.metricsToken ?? (process.env.HQ_METRICS_TOKEN || undefined) });
    if (options.console !== false) registerConsole(app, { ...(options.console ?? {}), store: options.store, now });
    if (options.updatesDir) void app.register((scope) => registerUpdates(scope, options.updatesDir!));
  });
  return app;
}
