import type { Database } from 'better-sqlite3';
import type { Migration } from './migrations';
import { linkTextSql, storedLinkSql } from './linkStorage';
import type { ProgressListener } from './progress';

/**
 * The lean movement row (version 140). Movements are stored in `movement_rows`: the device as a small
 * integer code (`devices`), the two hash-chain links as bytes (linkStorage.ts). Every reader keeps
 * reading `movements`, a view that gives each row back exactly as it was recorded (device id and link
 * text), so the canonical content, the hashes and every query stay what they were. Queries that filter
 * or order by device use `movement_rows.device` (deviceCodeSql) so they keep their index.
 *
 * Existing files move over by copying, in the migration's one transaction: the copy is compared with
 * the old table row by row through the view, and only when every row reads back identical does the old
 * table go. No row's content changes, so every hash still holds (and `verify` still proves it).
 */
const COLUMNS = `seq, id, device, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost,
  doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, learned_at, prev_hash, hash`;

const LEAN_TABLE = `
-- Each device that recorded movements here, by a code that never changes (append-only).
CREATE TABLE devices (code INTEGER PRIMARY KEY, device_id TEXT NOT NULL UNIQUE);
CREATE TRIGGER devices_no_update BEFORE UPDATE ON devices
BEGIN SELECT RAISE(ABORT, 'devices are append-only: a device keeps its code'); END;
CREATE TRIGGER devices_no_delete BEFORE DELETE ON devices
BEGIN SELECT RAISE(ABORT, 'devices are append-only: a device keeps its code'); END;

-- The ledger. seq is this file's position; (device, device_seq) is the origin's position.
CREATE TABLE movement_rows (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  device INTEGER NOT NULL,
  device_seq INTEGER NOT NULL,
  branch TEXT NOT NULL,
  sku TEXT NOT NULL,
  kind TEXT NOT NULL,
  qty INTEGER NOT NULL,
  on_hand_delta INTEGER NOT NULL,
  reserved_delta INTEGER NOT NULL,
  unit_cost INTEGER,
  doc_type TEXT NOT NULL,
  doc_id TEXT NOT NULL,
  doc_line INTEGER NOT NULL,
  reverses TEXT,
  note TEXT,
  actor TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  recorded_at INTEGER NOT NULL,
  learned_at INTEGER NOT NULL,
  prev_hash BLOB NOT NULL,
  hash BLOB NOT NULL,
  UNIQUE (device, device_seq)
);`;

/** The row as every reader knows it (the device code is passed on too, for device-ordered walks). */
const VIEW = `
CREATE VIEW movements AS SELECT m.seq, m.id, (SELECT d.device_id FROM devices d WHERE d.code = m.device) AS device_id,
  m.device_seq, m.branch, m.sku, m.kind, m.qty, m.on_hand_delta, m.reserved_delta, m.unit_cost, m.doc_type, m.doc_id,
  m.doc_line, m.reverses, m.note, m.actor, m.occurred_at, m.recorded_at, m.learned_at,
  ${linkTextSql('m.prev_hash')} AS prev_hash, ${linkTextSql('m.hash')} AS hash, m.device
FROM movement_rows m;`;

/**
 * The indexes the queries need (the same the text layout had, under the same names) and the append-only
 * triggers, created after the copy: building an index over sorted rows once is faster than keeping it
 * up to date row by row. One statement per step of the upgrade's progress.
 */
const INDEXES_AND_TRIGGERS = [
  `CREATE INDEX movements_sku ON movement_rows(sku, seq, on_hand_delta, reserved_delta)`,
  `CREATE INDEX movements_sku_occurred ON movement_rows(sku, occurred_at, on_hand_delta, reserved_delta)`,
  `CREATE INDEX movements_learned ON movement_rows(learned_at)`,
  `CREATE INDEX movements_occurred ON movement_rows(occurred_at)`,
  `CREATE INDEX movements_doc ON movement_rows(doc_type, doc_id)`,
  `CREATE INDEX movements_reverses ON movement_rows(reverses) WHERE reverses IS NOT NULL`,
  `CREATE INDEX movements_stocktake_item ON movement_rows(sku, seq) WHERE doc_type = 'stocktake'`,
  `CREATE TRIGGER movements_no_update BEFORE UPDATE ON movement_rows
BEGIN SELECT RAISE(ABORT, 'movements are append-only: record a reversal or an adjustment instead'); END`,
  `CREATE TRIGGER movements_no_delete BEFORE DELETE ON movement_rows
BEGIN SELECT RAISE(ABORT, 'movements are append-only: record a reversal or an adjustment instead'); END`,
];

/** The text layout set aside, the lean table and view in its place (the copy itself is `moveRows`). */
const PREPARE = `
ALTER TABLE movements RENAME TO movements_text_layout;
${LEAN_TABLE}
INSERT INTO devices (device_id) SELECT DISTINCT device_id FROM movements_text_layout ORDER BY device_id;
${VIEW}`;

const COPY_RANGE = `
INSERT INTO movement_rows (${COLUMNS})
  SELECT o.seq, o.id, d.code, o.device_seq, o.branch, o.sku, o.kind, o.qty, o.on_hand_delta, o.reserved_delta, o.unit_cost,
    o.doc_type, o.doc_id, o.doc_line, o.reverses, o.note, o.actor, o.occurred_at, o.recorded_at, o.learned_at,
    ${storedLinkSql('o.prev_hash')}, ${storedLinkSql('o.hash')}
  FROM movements_text_layout o JOIN devices d ON d.device_id = o.device_id WHERE o.seq > ? AND o.seq <= ? ORDER BY o.seq`;

/** The first row of a range the view does not give back exactly as the text layout held it. */
const FIRST_DIFFERENCE = `
SELECT o.seq FROM movements_text_layout o LEFT JOIN movements v ON v.seq = o.seq
WHERE o.seq > ? AND o.seq <= ? AND NOT (v.id IS o.id AND v.device_id IS o.device_id AND v.device_seq IS o.device_seq
  AND v.branch IS o.branch AND v.sku IS o.sku AND v.kind IS o.kind AND v.qty IS o.qty AND v.on_hand_delta IS o.on_hand_delta
  AND v.reserved_delta IS o.reserved_delta AND v.unit_cost IS o.unit_cost AND v.doc_type IS o.doc_type
  AND v.doc_id IS o.doc_id AND v.doc_line IS o.doc_line AND v.reverses IS o.reverses AND v.note IS o.note
  AND v.actor IS o.actor AND v.occurred_at IS o.occurred_at AND v.recorded_at IS o.recorded_at
  AND v.learned_at IS o.learned_at AND v.prev_hash IS o.prev_hash AND v.hash IS o.hash)
LIMIT 1`;

/** Rows per step of the copy and of its check: each step reports progress. */
const STEP_ROWS = 100_000;

/**
 * Runs inside the migration's transaction, after PREPARE: copies the rows in steps of ledger positions,
 * compares every copied row with its original, and only then drops the old table and builds the indexes.
 * Throwing rolls all of it back: the file stays exactly as it was.
 */
function moveRows(db: Database, progress: ProgressListener): void {
  const count = (table: string) => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const before = count('movements_text_layout');
  // Positions run from 1 in a file the app wrote; one written by hand may hold others, and is copied whole too.
  const { first, last } = db.prepare(`SELECT coalesce(min(seq), 1) - 1 AS first, coalesce(max(seq), 0) AS last FROM movements_text_layout`).get() as { first: number; last: number };
  // The copy and the check count once per row each; building the indexes takes about as long as the
  // copy, so each statement after it counts for its share of that (the bar keeps moving to the end).
  const perIndex = Math.max(1, Math.ceil(before / INDEXES_AND_TRIGGERS.length));
  const total = 2 * before + perIndex * INDEXES_AND_TRIGGERS.length;
  let done = 0;
  const step = (n: number) => progress({ task: 'upgrade', done: (done += n), total });
  const copy = db.prepare(COPY_RANGE);
  for (let from = first; from < last; from += STEP_ROWS) step(copy.run(from, from + STEP_ROWS).changes);
  const after = count('movement_rows');
  if (before !== after) throw new Error(`The lean-row copy holds ${after} movements, the ledger ${before}; nothing was changed.`);
  const differs = db.prepare(FIRST_DIFFERENCE);
  for (let from = first; from < last; from += STEP_ROWS) {
    const row = differs.get(from, from + STEP_ROWS) as { seq: number } | undefined;
    if (row) throw new Error(`Movement ${row.seq} would not read back exactly as recorded in the lean layout; nothing was changed. Keep using the previous app version and report this file.`);
    step(Math.round((before * (Math.min(from + STEP_ROWS, last) - first)) / (last - first)) - (done - before));
  }
  // DROP TABLE removes the old rows without firing their append-only triggers: the same rows live on, copied.
  db.exec(`DROP TABLE movements_text_layout`);
  for (const statement of INDEXES_AND_TRIGGERS) {
    db.exec(statement);
    step(perIndex);
  }
}

/**
 * A row's previous link, stored once (version 141). Every row carries the hash of its device's row
 * before it; where that row is in this file with exactly that hash, the link is stored as an empty BLOB
 * and the view reads it from there (one seek on the (device, device_seq) key). Elsewhere (a device's
 * first row, a row whose previous one HQ quarantined, a file copied from the text layout) it is stored
 * whole. The view gives back the same text either way, so the canonical content and every hash are
 * unchanged; a shell user who replaces the row before still breaks this row's hash, which verify names.
 */
const PREV_LINK = `CASE WHEN typeof(m.prev_hash) = 'blob' AND length(m.prev_hash) = 0
    THEN (SELECT ${linkTextSql('p.hash')} FROM movement_rows p WHERE p.device = m.device AND p.device_seq = m.device_seq - 1)
    ELSE ${linkTextSql('m.prev_hash')} END`;

const VIEW_WITH_SHARED_LINKS = `
DROP VIEW movements;
CREATE VIEW movements AS SELECT m.seq, m.id, (SELECT d.device_id FROM devices d WHERE d.code = m.device) AS device_id,
  m.device_seq, m.branch, m.sku, m.kind, m.qty, m.on_hand_delta, m.reserved_delta, m.unit_cost, m.doc_type, m.doc_id,
  m.doc_line, m.reverses, m.note, m.actor, m.occurred_at, m.recorded_at, m.learned_at,
  ${PREV_LINK} AS prev_hash, ${linkTextSql('m.hash')} AS hash, m.device
FROM movement_rows m;`;

/**
 * The stock-take rows of an item (version 142), indexed on a condition no query binds. Written as
 * `doc_type = 'stocktake'`, the partial index made SQLite plan every query with a bound `doc_type = ?`
 * (reading a document, its idempotency check, the conflict rule) again on every run, to see whether
 * the index applied to that value: 70 µs added to reading a 3-line sale back. The queries that want
 * this index say `doc_type GLOB 'stocktake'` (an exact match: the pattern has no wildcard).
 */
const STOCKTAKE_INDEX_UNBOUND = `
DROP INDEX movements_stocktake_item;
CREATE INDEX movements_stocktake_item ON movement_rows(sku, seq) WHERE doc_type GLOB 'stocktake';`;

export const leanRowMigrations: Migration[] = [
  { version: 140, name: 'lean movement rows', sql: PREPARE, run: moveRows, compactAfter: true },
  { version: 141, name: 'previous link stored once', sql: VIEW_WITH_SHARED_LINKS },
  { version: 142, name: 'stock-take index on an unbound condition', sql: STOCKTAKE_INDEX_UNBOUND },
];

/** `movement_rows.device` of a device id, in SQL (one parameter: the device id); NULL for a device never seen. */
export const deviceCodeSql = `(SELECT code FROM devices WHERE device_id = ?)`;
