// Sync push throughput: movements per second a branch device gets into HQ over HTTP on loopback,
// in batches of 1000 (the client's default), into the embedded SQLite store and into PostgreSQL.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { buildHqServer } from '../../server/app';
import { issueEnrollmentCode } from '../../server/auth';
import { openStore } from '../../server/store/open';
import type { HqStore } from '../../server/store/store';
import { GENESIS_HASH, sealMovement, type DeviceSeal } from '../../shared/movements/chain';
import { deltasFor, type MovementKind } from '../../shared/movements/kinds';
import type { Movement } from '../../shared/movements/row';
import { uuidv7 } from '../../shared/ids';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../shared/sync/protocol';
import type { Figure, SectionContext } from './types';

const BATCH = 1000;
const DEVICES_IN_PARALLEL = 4;

export interface PushBenchOptions { scale: number; databaseUrl?: string; progress?: (done: number, total: number) => void }

/** A device's rows as its ledger would produce them: chained, sealed with the key HQ issued at enrolment, a realistic mix of kinds and items. */
function deviceRows(deviceId: string, branch: string, n: number, seal: DeviceSeal): Movement[] {
  const kinds: MovementKind[] = ['receive', 'sale', 'sale', 'sale', 'customer_return', 'reserve', 'release'];
  const rows: Movement[] = [];
  let prevHash = GENESIS_HASH;
  const start = Date.now() - n * 1000;
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length]!;
    const qty = 1 + (i % 5);
    const d = deltasFor(kind, qty);
    const at = new Date(start + i * 1000).toISOString();
    const row = {
      id: uuidv7(), deviceId, deviceSeq: i + 1, branch, sku: `SKU-${(i * 7919) % 5000}`, kind, qty, onHandDelta: d.onHand, reservedDelta: d.reserved,
      unitCost: kind === 'receive' ? 250 : null, docType: kind, docId: uuidv7(), docLine: 0, reverses: null, note: null, actor: 'bench',
      occurredAt: at, recordedAt: at, prevHash,
    };
    const m = { ...row, hash: sealMovement(row, row.deviceSeq >= seal.from ? seal.key : null) };
    prevHash = m.hash;
    rows.push(m);
  }
  return rows;
}

async function pushAll(url: string, token: string, deviceId: string, rows: Movement[], onBatch: (n: number) => void): Promise<void> {
  for (let i = 0; i < rows.length; i += BATCH) {
    const movements = rows.slice(i, i + BATCH);
    const res = await fetch(`${url}/v1/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
      body: JSON.stringify({ deviceId, movements, pending: rows.length - i - movements.length }),
    });
    const body = (await res.json()) as { ackedSeq?: number; accepted?: number };
    if (res.status !== 200 || body.accepted !== movements.length) throw new Error(`push answered ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
    onBatch(movements.length);
  }
}

/** Runs the two measurements (one device; several devices of different branches at once) against one store. */
async function measure(store: HqStore, label: string, perDevice: number, progress: (n: number) => void): Promise<Figure[]> {
  const app = buildHqServer({ store, bodyLimit: 8 * 1024 * 1024, enrollRateLimit: { burst: 100, perMinute: 100 } });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  try {
    const devices = [];
    for (let d = 0; d < DEVICES_IN_PARALLEL + 1; d++) {
      const branch = `B${d}`;
      await store.addBranch({ code: branch, name: `Branch ${d}` });
      const { code } = await issueEnrollmentCode(store, branch);
      const deviceId = uuidv7();
      const res = await fetch(`${url}/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) }, body: JSON.stringify({ code, deviceId }) });
      const enrolled = (await res.json()) as { token: string; seal: { key: string; from: number } };
      if (res.status !== 200) throw new Error(`enrol answered ${res.status} ${JSON.stringify(enrolled).slice(0, 300)}`);
      const seal: DeviceSeal = { key: Buffer.from(enrolled.seal.key, 'base64'), from: enrolled.seal.from };
      // Sealing is the device's work, done before the clock starts.
      devices.push({ deviceId, token: enrolled.token, rows: deviceRows(deviceId, branch, d === 0 ? perDevice : Math.ceil(perDevice / DEVICES_IN_PARALLEL), seal) });
    }
    const [solo, ...others] = devices;
    let t = performance.now();
    await pushAll(url, solo!.token, solo!.deviceId, solo!.rows, progress);
    const soloRate = solo!.rows.length / ((performance.now() - t) / 1000);
    t = performance.now();
    await Promise.all(others.map((d) => pushAll(url, d.token, d.deviceId, d.rows, progress)));
    const total = others.reduce((s, d) => s + d.rows.length, 0);
    const parallelRate = total / ((performance.now() - t) / 1000);
    const stored = (await store.branchStatus('B0'))!.movements;
    if (stored !== solo!.rows.length) throw new Error(`HQ holds ${stored} of ${solo!.rows.length} pushed movements`);
    return [
      { id: `push.${label.toLowerCase()}.one`, name: `sync push into HQ ${label}, one device, batches of ${BATCH} over HTTP`, unit: 'movements/s', value: Math.round(soloRate), samples: solo!.rows.length },
      { id: `push.${label.toLowerCase()}.parallel`, name: `sync push into HQ ${label}, ${DEVICES_IN_PARALLEL} branches at once`, unit: 'movements/s', value: Math.round(parallelRate), samples: total },
    ];
  } finally {
    await app.close();
  }
}

/** Push throughput into SQLite, and into PostgreSQL when a database URL is given (its own schema, dropped after). */
export async function benchPush(opts: PushBenchOptions): Promise<Array<{ name: string; value: number; unit: string }>> {
  const perDevice = Math.max(2000, Math.round(100_000 * opts.scale));
  const grandTotal = (perDevice + DEVICES_IN_PARALLEL * Math.ceil(perDevice / DEVICES_IN_PARALLEL)) * (opts.databaseUrl ? 2 : 1);
  let done = 0;
  const progress = (n: number) => opts.progress?.((done += n), grandTotal);
  const figures: Figure[] = [];

  const dir = mkdtempSync(join(tmpdir(), 'bench-hq-'));
  try {
    const store = await openStore({ dataDir: dir });
    try { figures.push(...await measure(store, 'SQLite', perDevice, progress)); } finally { await store.close(); }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  if (opts.databaseUrl) {
    const schema = `hq_bench_${Math.random().toString(36).slice(2, 10)}`;
    const store = await openStore({ databaseUrl: opts.databaseUrl, pgSchema: schema });
    try {
      figures.push(...await measure(store, 'PostgreSQL', perDevice, progress));
    } finally {
      await store.close();
      const c = new pg.Client({ connectionString: opts.databaseUrl });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).finally(() => c.end());
    }
  }
  return figures.map((f) => ({ ...f, value: f.value ?? 0 }));
}

/** The benchmark runner's entry point for optional sections (bench/sections/optional.ts). */
export async function run(ctx: SectionContext): Promise<Figure[]> {
  return benchPush({ scale: ctx.scale, databaseUrl: ctx.pgUrl ?? undefined, progress: (done, total) => ctx.progress('sync push into HQ', done, total) }) as Promise<Figure[]>;
}
