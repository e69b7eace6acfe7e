import type { FastifyInstance } from 'fastify';
import { sameSecret } from '../auth';
import { HqError } from '../errors';
import { backendOf } from '../console/db';
import { reviewNotes } from '../console/views';
import type { HqStore } from '../store/store';

/**
 * Prometheus text exposition (version 0.0.4) for HQ: counters kept in this process since it started
 * (pushes, rows, request latency) and gauges read from the database at scrape time (quarantine and
 * review counts, device lag and backlog).
 */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
const labels = (l: Record<string, string>) => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};

export class Metrics {
  readonly pushes = new Map<string, number>();
  readonly rows = new Map<string, number>(); // key: branch\tresult
  readonly latency = new Map<string, { buckets: number[]; sum: number; count: number }>(); // key: method\troute\tstatus

  countPush(branch: string, r: { accepted: number; duplicates: number; quarantined: number }): void {
    this.pushes.set(branch, (this.pushes.get(branch) ?? 0) + 1);
    for (const [result, n] of Object.entries(r)) this.rows.set(`${branch}\t${result}`, (this.rows.get(`${branch}\t${result}`) ?? 0) + n);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    const key = `${method}\t${route}\t${Math.floor(status / 100)}xx`;
    let h = this.latency.get(key);
    if (!h) this.latency.set(key, (h = { buckets: BUCKETS.map(() => 0), sum: 0, count: 0 }));
    BUCKETS.forEach((b, i) => { if (seconds <= b) h!.buckets[i]!++; });
    h.sum += seconds;
    h.count++;
  }

  async render(store: HqStore, now: number): Promise<string> {
    const out: string[] = [];
    const metric = (name: string, type: string, help: string, samples: Array<[Record<string, string>, number]>) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [l, v] of samples) out.push(`${name}${labels(l)} ${v}`);
    };
    metric('hq_push_requests_total', 'counter', 'Push requests HQ answered 200, per branch (since start).', [...this.pushes].map(([branch, n]) => [{ branch }, n]));
    metric('hq_push_rows_total', 'counter', 'Rows in answered pushes per branch and result (accepted, duplicates, quarantined).', [...this.rows].map(([k, n]) => { const [branch, result] = k.split('\t'); return [{ branch: branch!, result: result! }, n]; }));
    const [devices, quarantine, negative, review] = await Promise.all([store.listDevices(), store.quarantine({}), store.negativeStock(), store.listItems({ review: true })]);
    const perBranch = (list: Array<{ branch: string }>) => [...list.reduce((m, e) => m.set(e.branch, (m.get(e.branch) ?? 0) + 1), new Map<string, number>())].map(([branch, n]) => [{ branch }, n] as [Record<string, string>, number]);
    metric('hq_quarantined_rows', 'gauge', 'Rows in quarantine per branch.', perBranch(quarantine));
    metric('hq_negative_stock_items', 'gauge', 'Branch/item pairs whose on-hand is below zero.', perBranch(negative));
    metric('hq_review_unknown_skus', 'gauge', 'Catalogue items learned from a branch, waiting for HQ review.', [[{}, review.filter((i) => i.needsReview).length]]);
    // Open = not yet closed by a "handled" note in the console.
    const db = backendOf(store);
    const [qn, nn, un] = await Promise.all([reviewNotes(db, 'quarantine'), reviewNotes(db, 'negative'), reviewNotes(db, 'unknown_sku')]);
    const open = (refs: string[], notes: Map<string, Array<{ handled: boolean }>>) => refs.filter((r) => !notes.get(r)?.at(-1)?.handled).length;
    metric('hq_review_open_entries', 'gauge', 'Review queue entries not yet marked handled in the HQ console.', [
      [{ queue: 'quarantine' }, open(quarantine.map((q) => String(q.id)), qn)],
      [{ queue: 'negative' }, open(negative.map((n) => `${n.branch}/${n.sku}`), nn)],
      [{ queue: 'unknown_sku' }, open(review.filter((i) => i.needsReview).map((i) => i.sku), un)],
    ]);
    const active = devices.filter((d) => !d.revokedAt);
    metric('hq_device_lag_seconds', 'gauge', 'Seconds since each active device last pushed (since enrolment if never).', active.map((d) => [{ branch: d.branch, device: d.deviceId }, Math.max(0, Math.round((now - Date.parse(d.lastPushAt ?? d.enrolledAt)) / 1000))]));
    metric('hq_device_backlog_rows', 'gauge', 'Rows each active device said it still had to send at its last push.', active.map((d) => [{ branch: d.branch, device: d.deviceId }, d.backlog]));
    out.push('# HELP hq_http_request_duration_seconds Time HQ took to answer, per route.', '# TYPE hq_http_request_duration_seconds histogram');
    for (const [key, h] of this.latency) {
      const [method, route, status] = key.split('\t') as [string, string, string];
      const l = { method, route, status };
      BUCKETS.forEach((b, i) => out.push(`hq_http_request_duration_seconds_bucket${labels({ ...l, le: String(b) })} ${h.buckets[i]}`));
      out.push(`hq_http_request_duration_seconds_bucket${labels({ ...l, le: '+Inf' })} ${h.count}`);
      out.push(`hq_http_request_duration_seconds_sum${labels(l)} ${h.sum}`, `hq_http_request_duration_seconds_count${labels(l)} ${h.count}`);
    }
    return out.join('\n') + '\n';
  }
}

/** Open unless a metrics token is set (HQ_METRICS_TOKEN), then Prometheus sends it as a bearer token. */
export function metricsRoute(app: FastifyInstance, o: { store: HqStore; metrics: Metrics; now: () => number; token?: string }): void {
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    if (o.token && !sameSecret(/^Bearer\s+(\S+)\s*$/i.exec(String(request.headers.authorization ?? ''))?.[1] ?? '', o.token)) {
      throw new HqError(401, 'UNAUTHORIZED', 'The metrics need the metrics token (Authorization: Bearer <HQ_METRICS_TOKEN>).');
    }
    reply.type('text/plain; version=0.0.4; charset=utf-8');
    return o.metrics.render(o.store, o.now());
  });
}
