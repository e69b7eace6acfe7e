import type { Migration } from '../ledger/migrations';

/**
 * Local users (clerks) of this shop PC: versions 10–19 are reserved for users and the UI.
 * Users are reference data, not history: a name, role or PIN can change. What a clerk did is in the
 * movements' `actor`, which is never edited.
 */
export const userMigrations: Migration[] = [
  {
    version: 10,
    name: 'local users (clerks) with hashed PINs',
    sql: `
CREATE TABLE users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('clerk', 'manager')),
  pin_salt TEXT NOT NULL,
  pin_hash TEXT NOT NULL,
  active INTEGER NOT NULL DEFAULT 1,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE UNIQUE INDEX users_name ON users(name COLLATE NOCASE);
`,
  },
];
