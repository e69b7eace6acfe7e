import type { Database, Statement } from 'better-sqlite3';

/**
 * Statements are prepared once per connection: each module declares a factory of its statements and
 * asks for them here; the first call prepares, later calls reuse.
 */
const cache = new WeakMap<Database, Map<unknown, unknown>>();

export function prepared<T>(db: Database, factory: (db: Database) => T): T {
  let perDb = cache.get(db);
  if (!perDb) {
    perDb = new Map();
    cache.set(db, perDb);
  }
  let stmts = perDb.get(factory) as T | undefined;
  if (stmts === undefined) {
    stmts = factory(db);
    perDb.set(factory, stmts);
  }
  return stmts;
}

/** For queries whose text depends on the filters given: each distinct text is prepared once. */
const textCache = new WeakMap<Database, Map<string, Statement>>();
export function preparedText(db: Database, text: string): Statement {
  let perDb = textCache.get(db);
  if (!perDb) {
    perDb = new Map();
    textCache.set(db, perDb);
  }
  let stmt = perDb.get(text);
  if (!stmt) {
    stmt = db.prepare(text);
    perDb.set(text, stmt);
  }
  return stmt;
}
