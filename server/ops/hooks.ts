import type { FastifyInstance } from 'fastify';
import { backendOf } from '../console/db';
import type { HqStore } from '../store/store';
import type { Metrics } from './metrics';

export const APP_VERSION_HEADER = 'x-stock-ledger-app-version';

/**
 * After each answer: its latency for /metrics, and for a device's push or pull what the console shows
 * (last pull, last push, app version, last error). Activity is written at most every 15 s per device
 * per route unless something changed (an error, a new version), so pulls do not turn into a write each.
 */
export function installOpsHooks(app: FastifyInstance, o: { store: HqStore; metrics: Metrics }): void {
  const db = backendOf(o.store);
  const written = new Map<string, { at: number; version: string | null; error: string | null }>();

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.device && request.routeOptions.url === '/v1/push' && reply.statusCode === 200 && typeof payload === 'string') {
      try {
        const r = JSON.parse(payload) as { accepted: number; duplicates: number; quarantined: unknown[] };
        o.metrics.countPush(request.device.branch, { accepted: r.accepted, duplicates: r.duplicates, quarantined: r.quarantined.length });
      } catch { /* not a push answer */ }
    }
    if (reply.statusCode >= 400 && typeof payload === 'string') (request as { hqError?: string }).hqError = payload.slice(0, 500);
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    o.metrics.observe(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
    const device = request.device;
    if (!device || (route !== '/v1/push' && route !== '/v1/pull')) return;
    const now = Date.now();
    const header = request.headers[APP_VERSION_HEADER];
    const version = typeof header === 'string' ? header.slice(0, 40) : null;
    let error: string | null = null;
    if (reply.statusCode >= 400) {
      try {
        const body = JSON.parse((request as { hqError?: string }).hqError ?? '{}') as { error?: { code?: string; message?: string } };
        error = `${reply.statusCode} ${body.error?.code ?? ''}: ${body.error?.message ?? ''}`.slice(0, 500);
      } catch {
        error = `${reply.statusCode}`;
      }
    }
    // Throttled per device and per route: a push must not hide the pull right after it.
    const key = `${device.deviceId}\t${route}`;
    const last = written.get(key);
    if (last && now - last.at < 15_000 && !error && last.version === version && last.error === null) return;
    written.set(key, { at: now, version, error });
    const at = new Date(now).toISOString();
    const pull = route === '/v1/pull';
    db.write((c) => c.run(`INSERT INTO device_activity (device_id, last_pull_at, last_push_at, pushes, app_version, last_error, last_error_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (device_id) DO UPDATE SET
          last_pull_at = COALESCE(excluded.last_pull_at, device_activity.last_pull_at),
          last_push_at = COALESCE(excluded.last_push_at, device_activity.last_push_at),
          pushes = device_activity.pushes + excluded.pushes,
          app_version = COALESCE(excluded.app_version, device_activity.app_version),
          last_error = COALESCE(excluded.last_error, device_activity.last_error),
          last_error_at = COALESCE(excluded.last_error_at, device_activity.last_error_at)`,
    [device.deviceId, pull ? at : null, pull ? null : at, pull ? 0 : 1, version, error, error ? at : null]), { exclusive: false })
      .catch((err) => request.log.warn({ err }, 'could not record device activity'));
  });
}
