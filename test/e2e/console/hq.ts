import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildHqServer } from '../../../server/app';
import { backendOf } from '../../../server/console/db';
import { OperatorStore } from '../../../server/console/operators';
import { openStore } from '../../../server/store/open';
import { openPgBackend } from '../../../server/store/postgres/pgBackend';
import { SqlHqStore } from '../../../server/store/sqlStore';
import type { HqStore } from '../../../server/store/store';
import { GENESIS_HASH, hashMovement } from '../../../shared/movements/chain';
import { deltasFor } from '../../../shared/movements/kinds';
import { uuidv7 } from '../../../shared/ids';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '../../../shared/sync/protocol';

export type StoreKind = 'sqlite' | 'postgres';
/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set. */
export const STORE_KINDS: StoreKind[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface ConsoleHq { store: HqStore; url: string; dir: string; operators: OperatorStore; close(): Promise<void> }

/**
 * A real HQ on loopback serving the built console (dist/console), on a fresh SQLite file or in a
 * PostgreSQL schema of its own (run as an app role without UPDATE/DELETE on history), dropped after.
 */
export async function startConsoleHq(kind: StoreKind): Promise<ConsoleHq> {
  const dir = mkdtempSync(join(tmpdir(), 'stock-ledger-console-'));
  const id = Math.random().toString(36).slice(2, 10);
  const url = process.env.TEST_DATABASE_URL;
  let drop = async () => undefined as void;
  let store: HqStore;
  if (kind === 'postgres') {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`CREATE ROLE hq_app_${id} NOLOGIN`);
    await admin.query(`GRANT hq_app_${id} TO CURRENT_USER`);
    await admin.end();
    drop = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS hq_console_${id} CASCADE`);
      await c.query(`DROP OWNED BY hq_app_${id}`).catch(() => undefined);
      await c.query(`DROP ROLE IF EXISTS hq_app_${id}`);
      await c.end();
    };
    // What openStore does for a DATABASE_URL, without its lazy import() (Playwright's loader cannot follow it into .ts).
    const backend = await openPgBackend({ connectionString: url!, schema: `hq_console_${id}`, appRole: `hq_app_${id}` });
    store = new SqlHqStore(backend, backend.epoch);
  } else {
    store = await openStore({ dataDir: join(dir, 'hq') });
  }
  const app: FastifyInstance = buildHqServer({ store });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    store,
    dir,
    url: `http://127.0.0.1:${(app.server.address() as { port: number }).port}`,
    operators: new OperatorStore(backendOf(store)),
    async close() {
      await app.close();
      await store.close();
      await drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A PC that pushes one row whose hash does not match its content: HQ quarantines it. */
export async function pushTamperedRow(hqUrl: string, code: string, sku: string): Promise<{ deviceId: string }> {
  const deviceId = uuidv7();
  const headers = { 'content-type': 'application/json', [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) };
  const enrolled = await fetch(`${hqUrl}/v1/enroll`, { method: 'POST', headers, body: JSON.stringify({ code, deviceId, deviceName: 'Back office PC' }) });
  if (!enrolled.ok) throw new Error(`enrol failed: ${await enrolled.text()}`);
  const { token, branch } = (await enrolled.json()) as { token: string; branch: { code: string } };
  const at = new Date().toISOString();
  const d = deltasFor('receive', 3);
  const row = { id: uuidv7(), deviceId, deviceSeq: 1, branch: branch.code, sku, kind: 'receive', qty: 3, onHandDelta: d.onHand, reservedDelta: d.reserved, unitCost: null, docType: 'receive', docId: uuidv7(), docLine: 0, reverses: null, note: null, actor: 'mallory', occurredAt: at, recordedAt: at, prevHash: GENESIS_HASH };
  const hash = hashMovement(row as never);
  // Edited after hashing: the quantity no longer matches what was chained.
  const tampered = { ...row, qty: 30, onHandDelta: 30, hash };
  const pushed = await fetch(`${hqUrl}/v1/push`, { method: 'POST', headers: { ...headers, authorization: `Bearer ${token}` }, body: JSON.stringify({ deviceId, movements: [tampered] }) });
  const body = (await pushed.json()) as { quarantined: unknown[] };
  if (!pushed.ok || body.quarantined.length !== 1) throw new Error(`expected one quarantined row: ${JSON.stringify(body)}`);
  return { deviceId };
}
