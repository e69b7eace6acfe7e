import { join } from 'node:path';
import { openSqliteBackend } from './sqlite/sqliteBackend';
import { SqlHqStore } from './sqlStore';
import type { HqStore } from './store';

export interface OpenStoreOptions {
  /** Directory of the embedded SQLite store (hq.sqlite inside it). */
  dataDir?: string;
  /** postgres://… — PostgreSQL instead of the embedded file. */
  databaseUrl?: string;
  /** PostgreSQL schema of its own (tests use one per run). */
  pgSchema?: string;
  /** PostgreSQL role the app runs as after migrating (no UPDATE/DELETE on movements). */
  pgAppRole?: string;
}

export const HQ_SQLITE_FILE = 'hq.sqlite';

/** PostgreSQL when a database URL is given, otherwise the SQLite file in the data directory. */
export async function openStore(options: OpenStoreOptions): Promise<HqStore> {
  if (options.databaseUrl) {
    const { openPgBackend } = await import('./postgres/pgBackend'); // pg loads only when used
    const backend = await openPgBackend({ connectionString: options.databaseUrl, schema: options.pgSchema, appRole: options.pgAppRole });
    return new SqlHqStore(backend, backend.epoch);
  }
  const backend = openSqliteBackend(join(options.dataDir ?? 'hq-data', HQ_SQLITE_FILE));
  return new SqlHqStore(backend, backend.epoch);
}
