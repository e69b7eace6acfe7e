import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { numberPlaceholders, type Backend, type PgType, type SqlConn } from '../sql';
import { pgMigrations } from './schema';

export interface PgOptions {
  connectionString: string;
  /** A schema of its own (created if missing) instead of the connecting role's default search_path. */
  schema?: string;
  /**
   * A role the app runs as after migrating (set at connection start-up on every pooled connection). HQ grants it
   * SELECT/INSERT/UPDATE on its tables but no UPDATE, DELETE or TRUNCATE on movements and
   * quarantine, so even a bug in HQ cannot edit history. The role must exist and the connecting
   * user must be a member of it (or a superuser). Without it, the trigger alone guards the table.
   */
  appRole?: string;
  poolSize?: number;
}

/** Writers that allocate change sequences take this lock, so sequences commit in order (pull cursor). */
const WRITE_LOCK = 7_104_220_331;
const MIGRATE_LOCK = 7_104_220_332;
const ident = (name: string): string => {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) throw new Error(`"${name}" is not a plain SQL identifier (letters, digits, _)`);
  return `"${name}"`;
};

// BIGINT and NUMERIC (SUM) as JS numbers: every quantity, sequence and count fits in 2^53.
const types = {
  getTypeParser(oid: number, format?: string) {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(oid, format);
  },
};

export async function openPgBackend(options: PgOptions): Promise<Backend & { epoch: string }> {
  const startup = (role?: string) => [options.schema ? `-c search_path=${ident(options.schema)}` : '', role ? `-c role=${ident(role).slice(1, -1)}` : ''].join(' ').trim();
  // Migrations run as the connecting user (the tables' owner); the pool then runs as the app role.
  const owner = new pg.Client({ connectionString: options.connectionString, options: startup() || undefined });
  await owner.connect();
  try {
    await migrate(owner, options);
  } finally {
    await owner.end();
  }
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 8,
    types: types as never,
    options: startup(options.appRole) || undefined,
  });
  // An idle client dropped by the server must not crash HQ; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const epoch = (await pool.query(`SELECT value FROM meta WHERE key = 'epoch'`)).rows[0].value as string;
    return {
      dialect: 'postgres',
      epoch,
      write: (fn, o) => transaction(pool, 'BEGIN', o?.exclusive ?? true, fn),
      read: (fn) => transaction(pool, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', false, fn),
      // Closing twice is harmless, as with the SQLite backend (a health check may outlive a close).
      close: () => (pool.ended ? Promise.resolve() : pool.end()),
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}

async function migrate(client: pg.Client, options: PgOptions): Promise<void> {
  try {
    if (options.schema) await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident(options.schema)}`);
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATE_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS hq_schema (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const done = new Set((await client.query('SELECT version FROM hq_schema')).rows.map((r) => Number(r.version)));
    for (const m of pgMigrations) {
      if (done.has(m.version)) continue;
      await client.query(m.sql);
      await client.query('INSERT INTO hq_schema (version, applied_at) VALUES ($1, $2)', [m.version, new Date().toISOString()]);
    }
    await client.query(`INSERT INTO meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING`, [randomUUID()]);
    if (options.appRole) {
      const role = ident(options.appRole);
      const schema = (await client.query('SELECT current_schema() AS s')).rows[0].s as string;
      await client.query(`GRANT USAGE ON SCHEMA ${ident(schema)} TO ${role}`);
      await client.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ${ident(schema)} TO ${role}`);
      await client.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${ident(schema)} TO ${role}`);
      await client.query(`REVOKE UPDATE, DELETE, TRUNCATE ON movements, quarantine FROM ${role}`);
    }
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

async function transaction<T>(pool: pg.Pool, begin: string, exclusive: boolean, fn: (conn: SqlConn) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(begin);
    if (exclusive) await client.query('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
    const result = await fn(pgConn(client));
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}

// Statement names are stable per SQL text, so each pooled connection prepares a statement once.
const names = new Map<string, { name: string; text: string }>();
function prepared(sql: string): { name: string; text: string } {
  let p = names.get(sql);
  if (!p) names.set(sql, (p = { name: `hq${names.size}`, text: numberPlaceholders(sql) }));
  return p;
}

function pgConn(client: pg.PoolClient): SqlConn {
  return {
    dialect: 'postgres',
    async all<T>(sql: string, params: unknown[] = []) {
      return (await client.query({ ...prepared(sql), values: params })).rows as T[];
    },
    async run(sql, params = []) {
      return (await client.query({ ...prepared(sql), values: params })).rowCount ?? 0;
    },
    async insertMany(table: string, columns: Array<[string, PgType]>, rows: unknown[][]) {
      if (!rows.length) return;
      const arrays = columns.map((_, i) => rows.map((r) => r[i] ?? null));
      const sql = `INSERT INTO ${table} (${columns.map((c) => c[0]).join(', ')}) SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${c[1]}[]`).join(', ')})`;
      await client.query({ name: `hqins_${table}_${columns.length}`, text: sql, values: arrays });
    },
    async nextSeqs(n) {
      const rows = (await client.query({ ...prepared(`SELECT nextval('hq_change_seq') AS v FROM generate_series(1, CAST(? AS INTEGER))`), values: [n] })).rows;
      return rows.map((r) => Number(r.v)).sort((a, b) => a - b);
    },
    inList: () => '= ANY(?)',
    list: (values) => values,
  };
}
