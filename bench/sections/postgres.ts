import pg from 'pg';
import { latencyFigure, timeEach } from '../measure';
import type { CoreContext } from './core';
import type { Figure } from './types';

const CHUNK = 50_000;

/**
 * The PostgreSQL daily-snapshot design, over the same rows: a movements table indexed by
 * (sku, occurred_at) and a table of closing balances per item and day; a point read is the latest
 * snapshot before the day plus the SUM of that day's events up to the instant. Loaded into its own
 * schema (multi-row INSERT from arrays), dropped afterwards. Timed with the client round trip, as an
 * app would see it, using named prepared statements so PostgreSQL plans once.
 */
export async function postgresSections(ctx: CoreContext): Promise<Figure[]> {
  if (!ctx.pgUrl) return [];
  const schema = `bench_${process.pid}_${Date.now().toString(36)}`;
  const client = new pg.Client({ connectionString: ctx.pgUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}`);
    await client.query(`SET search_path TO ${schema}`);
    await client.query(`CREATE TABLE movements (sku text NOT NULL, occurred_at timestamptz NOT NULL, delta integer NOT NULL)`);
    const db = ctx.host.ledger.db;
    const total = db.prepare(`SELECT count(*) FROM movements`).pluck().get() as number;
    const rows = db.prepare(`SELECT sku, occurred_at, on_hand_delta FROM movements WHERE seq > ? ORDER BY seq LIMIT ${CHUNK}`).raw();
    const lastSeq = db.prepare(`SELECT max(seq) FROM (SELECT seq FROM movements WHERE seq > ? ORDER BY seq LIMIT ${CHUNK})`).pluck();
    let after = 0;
    let loaded = 0;
    const t0 = performance.now();
    for (;;) {
      const chunk = rows.all(after) as Array<[string, number, number]>;
      if (chunk.length === 0) break;
      after = lastSeq.get(after) as number;
      await client.query(`INSERT INTO movements (sku, occurred_at, delta)
        SELECT s, to_timestamp(t / 1000.0), d FROM unnest($1::text[], $2::float8[], $3::int[]) AS u(s, t, d)`,
      [chunk.map((r) => r[0]), chunk.map((r) => r[1]), chunk.map((r) => r[2])]);
      loaded += chunk.length;
      ctx.progress('PostgreSQL load', loaded, total);
    }
    await client.query(`CREATE INDEX movements_sku_time ON movements (sku, occurred_at)`);
    await client.query(`CREATE TABLE snapshots (sku text NOT NULL, day date NOT NULL, qty integer NOT NULL, PRIMARY KEY (sku, day))`);
    await client.query(`INSERT INTO snapshots (sku, day, qty)
      SELECT sku, day, sum(d) OVER (PARTITION BY sku ORDER BY day)
      FROM (SELECT sku, (occurred_at AT TIME ZONE 'UTC')::date AS day, sum(delta) AS d FROM movements GROUP BY 1, 2) x`);
    await client.query(`ANALYZE movements; ANALYZE snapshots`);
    const loadS = (performance.now() - t0) / 1000;

    const text = `SELECT coalesce((SELECT qty FROM snapshots WHERE sku = $1 AND day < ($2::timestamptz AT TIME ZONE 'UTC')::date ORDER BY day DESC LIMIT 1), 0)
      + coalesce((SELECT sum(delta) FROM movements WHERE sku = $1 AND occurred_at >= date_trunc('day', $2::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AND occurred_at <= $2::timestamptz), 0) AS qty`;
    const read = (at: number) => client.query({ name: 'snapshot_read', text, values: [ctx.randomSku(), new Date(at).toISOString()] });
    const n = ctx.samples(5000);
    const now = await timeEach(n, () => read(Date.now()), 100, (d) => ctx.progress('PostgreSQL now', d, n));
    const asOf = await timeEach(n, () => read(ctx.randomPastInstant()), 100, (d) => ctx.progress('PostgreSQL asOf', d, n));
    return [
      latencyFigure('baseline.pg.now', 'baseline: PostgreSQL daily snapshot + same-day fold, now', now),
      latencyFigure('baseline.pg.asOf', 'baseline: PostgreSQL daily snapshot + same-day fold, asOf', asOf),
      { id: 'baseline.pg.load', name: `baseline: PostgreSQL load + snapshot build (${loaded.toLocaleString('en')} rows)`, unit: 's', value: loadS, samples: 1 },
    ];
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await client.end();
  }
}
