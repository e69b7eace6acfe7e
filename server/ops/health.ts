import { pgMigrations } from '../store/postgres/schema';
import { sqliteMigrations } from '../store/sqlite/schema';
import type { Backend } from '../store/sql';
import type { HqStore } from '../store/store';

export interface Health {
  ok: boolean;
  database: { kind: 'sqlite' | 'postgres'; reachable: boolean; migrations: { applied: number[]; expected: number[]; pending: number[] }; error?: string };
  epoch: string;
}

/**
 * Is HQ able to serve: the database answers, every migration this build knows is applied, and the
 * epoch is the one stored. A load balancer takes HQ out of rotation on 503.
 */
export async function checkHealth(store: HqStore): Promise<Health> {
  const backend = (store as unknown as { backend?: Backend }).backend;
  const expected = (store.kind === 'postgres' ? pgMigrations : sqliteMigrations).map((m) => m.version);
  const database: Health['database'] = { kind: store.kind, reachable: false, migrations: { applied: [], expected, pending: expected } };
  try {
    if (!backend) throw new Error('no SQL backend');
    const applied = await backend.read(async (c) => {
      if (c.dialect === 'postgres') return (await c.all(`SELECT version FROM hq_schema ORDER BY version`)).map((r) => Number(r.version));
      const [r] = await c.all<{ user_version: number }>(`PRAGMA user_version`);
      const top = Number(r?.user_version ?? 0);
      return expected.filter((v) => v <= top);
    });
    const [stored] = await backend.read((c) => c.all(`SELECT value FROM meta WHERE key = 'epoch'`));
    database.reachable = true;
    database.migrations = { applied, expected, pending: expected.filter((v) => !applied.includes(v)) };
    const epochOk = String(stored?.value) === store.epoch;
    if (!epochOk) database.error = 'The stored epoch differs from the one HQ started with (restored underneath a running HQ?): restart HQ.';
    return { ok: database.migrations.pending.length === 0 && epochOk, database, epoch: store.epoch };
  } catch (err) {
    // The reason without connection strings or SQL: only the driver's message class.
    database.error = `The database did not answer (${(err as Error).message.split('\n')[0]!.slice(0, 200)}).`;
    return { ok: false, database, epoch: store.epoch };
  }
}
