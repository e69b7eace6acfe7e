import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Mutex } from '../mutex';
import type { Backend, PgType, SqlConn } from '../sql';
import { sqliteMigrations } from './schema';

/**
 * HQ on one SQLite file: a write connection (WAL, synchronous=FULL so an acknowledged push survives a
 * power cut, BEGIN IMMEDIATE) and a read connection whose transactions are snapshots, so a pull never
 * sees half of a push. The admin CLI may use the same file at the same time (busy_timeout).
 */
export function openSqliteBackend(file: string): Backend & { epoch: string } {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('busy_timeout = 10000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  db.prepare(`INSERT INTO meta (key, value) VALUES ('epoch', ?) ON CONFLICT(key) DO NOTHING`).run(randomUUID());
  db.prepare(`INSERT INTO meta (key, value) VALUES ('change_seq', '0') ON CONFLICT(key) DO NOTHING`).run();
  const epoch = (db.prepare(`SELECT value FROM meta WHERE key = 'epoch'`).get() as { value: string }).value;
  const reader = new Database(file, { readonly: true });
  reader.pragma('busy_timeout = 10000');

  const writeConn = sqliteConn(db);
  const readConn = sqliteConn(reader);
  const writes = new Mutex();
  const reads = new Mutex();
  return {
    dialect: 'sqlite',
    epoch,
    write: (fn) => writes.run(() => inTransaction(db, 'BEGIN IMMEDIATE', () => fn(writeConn))),
    read: (fn) => reads.run(() => inTransaction(reader, 'BEGIN', () => fn(readConn))),
    async close() {
      await writes.run(async () => undefined);
      await reads.run(async () => undefined);
      if (reader.open) reader.close();
      if (db.open) db.close();
    },
  };
}

async function inTransaction<T>(db: Db, begin: string, fn: () => Promise<T>): Promise<T> {
  db.exec(begin);
  try {
    const result = await fn();
    db.exec('COMMIT');
    return result;
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}

function migrate(db: Db): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    // In version order whatever the list order (concerns append their own ranges): user_version only rises.
    for (const m of [...sqliteMigrations].sort((a, b) => a.version - b.version)) {
      if (m.version <= current) continue;
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
}

function sqliteConn(db: Db): SqlConn {
  const cache = new Map<string, Statement>();
  const stmt = (sql: string): Statement => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
  return {
    dialect: 'sqlite',
    async all<T>(sql: string, params: unknown[] = []) { return stmt(sql).all(...params) as T[]; },
    async run(sql, params = []) { return stmt(sql).run(...params).changes; },
    async insertMany(table: string, columns: Array<[string, PgType]>, rows: unknown[][]) {
      const s = stmt(`INSERT INTO ${table} (${columns.map((c) => c[0]).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      for (const r of rows) s.run(...r);
    },
    async nextSeqs(n) {
      const row = stmt(`UPDATE meta SET value = CAST(CAST(value AS INTEGER) + ? AS TEXT) WHERE key = 'change_seq' RETURNING CAST(value AS INTEGER) AS last`).get(n) as { last: number };
      return Array.from({ length: n }, (_, i) => row.last - n + 1 + i);
    },
    inList: () => 'IN (SELECT value FROM json_each(?))',
    list: (values) => JSON.stringify(values),
  };
}
