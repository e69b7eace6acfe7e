import { appendOnlyTriggers, type Migration } from '../ledger/migrations';

/**
 * Branch identity and roles (versions 60–69). Neither touches a movement: the branch lives in the
 * settings, and a file from before this rule whose branch was only the silent default MAIN (never set,
 * never enrolled) becomes unassigned, so its first setup or enrolment assigns the real one and all its
 * movements belong there.
 */
export const identityMigrations: Migration[] = [
  {
    version: 60,
    name: 'command log: manager approvals and CLI operations',
    sql: `
-- Who approved what, and what the CLI did as the shop's operator. History: append-only.
CREATE TABLE command_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  command TEXT NOT NULL,
  via TEXT NOT NULL CHECK (via IN ('app', 'cli')),
  actor TEXT,
  approved_by TEXT,
  subject TEXT
);
CREATE INDEX command_log_subject ON command_log(subject) WHERE subject IS NOT NULL;
${appendOnlyTriggers('command_log', 'a recorded approval cannot change')}
`,
  },
  {
    version: 61,
    name: 'the silent default branch MAIN is no branch',
    sql: `
UPDATE meta SET value = json_remove(value, '$.branchCode', '$.branchName')
WHERE key = 'settings' AND json_valid(value) AND json_extract(value, '$.branchCode') = 'MAIN'
  AND NOT EXISTS (SELECT 1 FROM meta WHERE key = 'sync_branch');
`,
  },
];
