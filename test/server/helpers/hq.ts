import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterEach } from 'vitest';
import { buildHqServer, type HqServerOptions } from '../../../server/app';
import { issueEnrollmentCode } from '../../../server/auth';
import { openStore } from '../../../server/store/open';
import type { HqStore } from '../../../server/store/store';
import { GENESIS_HASH, sealMovement, type DeviceSeal } from '../../../shared/movements/chain';
import { deltasFor, type MovementKind } from '../../../shared/movements/kinds';
import type { Movement } from '../../../shared/movements/row';
import { uuidv7 } from '../../../shared/ids';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';

export type StoreKind = 'sqlite' | 'postgres';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (CI sets it). */
export const STORE_KINDS: StoreKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  let first: unknown = null;
  while (cleanups.length) {
    try {
      await cleanups.pop()!();
    } catch (err) {
      first ??= err;
    }
  }
  if (first) throw first;
});

export function tempDir(prefix = 'stock-ledger-hq-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.unshift(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const rand = () => Math.random().toString(36).slice(2, 10);

/**
 * A fresh HQ store, closed (and for PostgreSQL its schema and app role dropped) after the test.
 * PostgreSQL runs in a schema of its own (hq_test_<random>) as a role without UPDATE/DELETE on
 * movements (hq_app_<random>), exactly like production with HQ_DB_APP_ROLE.
 */
export async function openTestStore(kind: StoreKind): Promise<HqStore & { dataDir?: string; pgSchema?: string; pgAppRole?: string }> {
  if (kind === 'sqlite') {
    const dataDir = tempDir();
    const store = await openStore({ dataDir });
    cleanups.push(() => store.close());
    return Object.assign(store, { dataDir });
  }
  const url = process.env.TEST_DATABASE_URL!;
  const id = rand();
  const pgSchema = `hq_test_${id}`;
  const pgAppRole = `hq_app_${id}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE ROLE ${pgAppRole} NOLOGIN`);
  await admin.query(`GRANT ${pgAppRole} TO CURRENT_USER`);
  await admin.end();
  cleanups.push(() => dropPgSchema(url, pgSchema, pgAppRole)); // runs last, even if opening fails
  const store = await openStore({ databaseUrl: url, pgSchema, pgAppRole });
  cleanups.push(() => store.close());
  return Object.assign(store, { pgSchema, pgAppRole });
}

export async function dropPgSchema(url: string, schema: string, role?: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    if (role) {
      await c.query(`DROP OWNED BY ${role}`).catch(() => undefined);
      await c.query(`DROP ROLE IF EXISTS ${role}`);
    }
  } finally {
    await c.end();
  }
}

/** HQ on a random loopback port; closed after the test. */
export async function startHq(store: HqStore, options: Partial<HqServerOptions> = {}): Promise<{ url: string; close: () => Promise<void> }> {
  const app = buildHqServer({ store, ...options });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address() as { port: number };
  cleanups.push(() => app.close());
  return { url: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

export interface Answer<T = any> { status: number; headers: Headers; body: T }

/** One HTTP exchange with HQ; protocol header on unless told otherwise. */
export async function call<T = any>(url: string, method: string, path: string, options: { token?: string; body?: unknown; raw?: string; headers?: Record<string, string>; protocol?: string | null } = {}): Promise<Answer<T>> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.protocol !== null) headers[PROTOCOL_HEADER] = options.protocol ?? String(PROTOCOL_VERSION);
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined = options.raw;
  if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] ??= 'application/json';
  const res = await fetch(url + path, { method, headers, body });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Adds the branch if needed and enrolls a device over HTTP; answers its token. */
export async function enroll(store: HqStore, url: string, branch: string, deviceId = uuidv7()): Promise<{ token: string; deviceId: string; branch: string }> {
  if (!(await store.listBranches()).some((b) => b.code === branch)) await store.addBranch({ code: branch, name: `Branch ${branch}` });
  const { code } = await issueEnrollmentCode(store, branch);
  const res = await call(url, 'POST', '/v1/enroll', { body: { code, deviceId, deviceName: `PC ${deviceId.slice(-4)}` } });
  if (res.status !== 200) throw new Error(`enroll failed: ${res.status} ${JSON.stringify(res.body)}`);
  deviceSeals.set(deviceId, { key: Buffer.from(res.body.seal.key, 'base64'), from: res.body.seal.from });
  return { token: res.body.token, deviceId, branch };
}

/** The sealing key HQ issued to each device enrolled through `enroll` (FakeDevice seals with it, as a PC does). */
export const deviceSeals = new Map<string, DeviceSeal>();

/** A branch PC's chain of movements, built exactly as the ledger builds them (hash chained per device, sealed once enrolled). */
export class FakeDevice {
  seq = 0;
  lastHash = GENESIS_HASH;
  constructor(readonly deviceId: string, readonly branch: string) {}

  next(over: Partial<Movement> = {}): Movement {
    const kind = (over.kind ?? 'receive') as MovementKind;
    const qty = over.qty ?? 1;
    const d = deltasFor(kind, qty);
    const at = new Date().toISOString();
    const row = {
      id: uuidv7(), deviceId: this.deviceId, deviceSeq: this.seq + 1, branch: this.branch, sku: 'SKU-1', kind, qty,
      onHandDelta: d.onHand, reservedDelta: d.reserved, unitCost: null, docType: kind, docId: uuidv7(), docLine: 0,
      reverses: null, note: null, actor: 'tester', occurredAt: at, recordedAt: at, prevHash: this.lastHash,
      ...over,
    } as Omit<Movement, 'hash'> & { hash?: string };
    const seal = deviceSeals.get(this.deviceId);
    const m = { ...row, hash: over.hash ?? sealMovement(row, seal && row.deviceSeq >= seal.from ? seal.key : null) } as Movement;
    this.seq = m.deviceSeq;
    this.lastHash = m.hash;
    return m;
  }

  many(n: number, over: (i: number) => Partial<Movement> = () => ({})): Movement[] {
    return Array.from({ length: n }, (_, i) => this.next(over(i)));
  }
}
