import { appendOnlyTriggers as appendOnly, type Migration } from '../ledger/migrations';

/**
 * Stock take (versions 20–29). Everything a count session does is appended, never changed: the
 * session header, its scope frozen at start (the items it covers), every count event (who counted what, when, at which ledger
 * position), and one closing row (committed or cancelled). A session's state is derived from them,
 * so it survives restarts and two processes counting into the same file.
 */
export const stocktakeMigrations: Migration[] = [
  {
    version: 20,
    name: 'stock take sessions and count events',
    sql: `
CREATE TABLE stocktake_sessions (
  id TEXT PRIMARY KEY,
  scope_kind TEXT NOT NULL CHECK (scope_kind IN ('all', 'category', 'brand', 'skus')),
  scope_value TEXT,
  blind INTEGER NOT NULL,
  note TEXT,
  started_by TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  start_position INTEGER NOT NULL,
  request_hash TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX stocktake_sessions_started ON stocktake_sessions(started_at);
${appendOnly('stocktake_sessions', 'start a new count instead')}

-- The items a session covers, frozen at start (an item matching the scope later joins when counted).
CREATE TABLE stocktake_scope_skus (
  session_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  PRIMARY KEY (session_id, sku)
) WITHOUT ROWID;
${appendOnly('stocktake_scope_skus', 'a session keeps the scope it started with')}

CREATE TABLE stocktake_events (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  session_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('add', 'set', 'undo')),
  qty INTEGER NOT NULL,
  undoes TEXT,
  position INTEGER NOT NULL,
  actor TEXT NOT NULL,
  counted_at INTEGER NOT NULL,
  request_hash TEXT NOT NULL
);
CREATE INDEX stocktake_events_item ON stocktake_events(session_id, sku, seq);
CREATE INDEX stocktake_events_session ON stocktake_events(session_id, seq);
-- An event can be undone once; an undo is itself final (scan again instead).
CREATE UNIQUE INDEX stocktake_events_undoes ON stocktake_events(undoes) WHERE undoes IS NOT NULL;
${appendOnly('stocktake_events', 'take a count back with an undo event')}

CREATE TABLE stocktake_closings (
  session_id TEXT PRIMARY KEY,
  outcome TEXT NOT NULL CHECK (outcome IN ('committed', 'cancelled')),
  actor TEXT NOT NULL,
  reason TEXT,
  uncounted TEXT CHECK (uncounted IN ('leave', 'zero')),
  position INTEGER NOT NULL,
  closed_at INTEGER NOT NULL,
  request_hash TEXT NOT NULL
) WITHOUT ROWID;
${appendOnly('stocktake_closings', 'a committed or cancelled count stays so')}
`,
  },
  {
    version: 21,
    name: 'stock take: counted-items cache',
    // A cache (disposable, derived from the events, kept in step in the same transaction as each event):
    // which items of a session currently count, so progress is answered per scan without a fold.
    sql: `
CREATE TABLE stocktake_counted (
  session_id TEXT NOT NULL,
  sku TEXT NOT NULL,
  PRIMARY KEY (session_id, sku)
) WITHOUT ROWID;
INSERT OR IGNORE INTO stocktake_counted (session_id, sku)
  SELECT e.session_id, e.sku FROM stocktake_events e WHERE e.mode <> 'undo'
    AND NOT EXISTS (SELECT 1 FROM stocktake_events u WHERE u.undoes = e.id);
`,
  },
];
