import type { Database } from 'better-sqlite3';
import { CommandError } from '../../shared/errors';
import { uuidv7 } from '../../shared/ids';
import { GENESIS_HASH, sealMovement } from '../../shared/movements/chain';
import { currentSeal, refuseWhileEnrolling, stampHead } from '../safety/deviceSeal';
import { deltasFor, type Deltas, type MovementKind } from '../../shared/movements/kinds';
import type { LedgerMovement, Movement } from '../../shared/movements/row';
import { isoOf } from '../../shared/domain/time';
import { UNASSIGNED_BRANCH } from '../../shared/contract/ledger';
import { movementProblem, type ValidationContext } from '../../shared/movements/validate';
import { applyToBalances, applyToCaches, type CacheDelta } from './caches';
import { runAfterAppend } from './hooks';
import type { Ledger } from './open';
import { prepared } from './prepared';
import { readSettings } from './settings';
import { linkText, SAME_AS_PREVIOUS_ROW, storedLink } from './linkStorage';
import { deviceCodeSql } from './leanRows';

/** A movement before the ledger has given it an id, a position and a hash. */
export interface MovementDraft {
  sku: string;
  kind: MovementKind;
  qty: number;
  /** Only for kinds whose deltas do not follow from kind and qty (reversals). */
  deltas?: Deltas;
  unitCost?: number | null;
  docType: string;
  docId: string;
  docLine: number;
  reverses?: string | null;
  note?: string | null;
  actor: string;
  occurredAt: number;
}

export interface AppendOptions {
  /** Refuse outflows beyond available stock (default: unless the branch allows negative stock). */
  enforceAvailability?: boolean;
  now?: number;
  /**
   * Bulk import: the snapshot deltas are pushed here for the caller to fold once for many batches
   * (applyToSnapshots); balances are still folded now, since the next batch's stock check reads them.
   */
  deferSnapshots?: CacheDelta[];
}

const sql = (db: Database) => ({
  deviceHead: db.prepare(`SELECT device_seq, hash, recorded_at FROM movement_rows WHERE device = ${deviceCodeSql} ORDER BY device_seq DESC LIMIT 1`),
  addDevice: db.prepare(`INSERT INTO devices (device_id) VALUES (?) ON CONFLICT (device_id) DO NOTHING`),
  deviceCode: db.prepare(`SELECT code FROM devices WHERE device_id = ?`).pluck(),
  lastLearned: db.prepare(`SELECT max(learned_at) AS t FROM movements`),
  balance: db.prepare(`SELECT on_hand, reserved FROM balances WHERE sku = ?`),
  reversed: db.prepare(`SELECT id, branch, sku, kind, qty, on_hand_delta AS onHandDelta, reserved_delta AS reservedDelta FROM movements WHERE id = ?`),
  // Positional parameters and lastInsertRowid: binding 21 named fields from a fresh object per row
  // cost more than the insert itself on a 50,000-line import.
  insert: db.prepare(`
    INSERT INTO movement_rows (id, device, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta,
      unit_cost, doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, learned_at, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
});

/**
 * A device's code in `movement_rows` (leanRows.ts), given one the first time it records or is pulled.
 * Read first: every sale asks, and only a device's first row needs the insert.
 */
function deviceCodeOf(db: Database, deviceId: string): number {
  const stmts = prepared(db, sql);
  const known = stmts.deviceCode.get(deviceId) as number | undefined;
  if (known !== undefined) return known;
  stmts.addDevice.run(deviceId);
  return stmts.deviceCode.get(deviceId) as number;
}

/**
 * Inserts one movement row (its device as `device`'s code, its links as bytes); returns its seq (this
 * file's position). `linksToPrevious`: the device's row just before this one is in the file and its hash
 * is this row's prev_hash, so the link is stored once, in that row (leanRows.ts, version 141).
 */
function insertRow(db: Database, device: number, m: Movement, occurredAtMs: number, recordedAtMs: number, learnedAtMs: number, linksToPrevious: boolean): number {
  const prev = linksToPrevious ? SAME_AS_PREVIOUS_ROW : storedLink(m.prevHash);
  const info = prepared(db, sql).insert.run(m.id, device, m.deviceSeq, m.branch, m.sku, m.kind, m.qty, m.onHandDelta, m.reservedDelta,
    m.unitCost, m.docType, m.docId, m.docLine, m.reverses, m.note, m.actor, occurredAtMs, recordedAtMs, learnedAtMs, prev, storedLink(m.hash));
  return Number(info.lastInsertRowid);
}

/** Available stock of each item, from the balances cache (kept in step by every append). */
export function availableOf(db: Database, sku: string): number {
  const b = prepared(db, sql).balance.get(sku) as { on_hand: number; reserved: number } | undefined;
  return b ? b.on_hand - b.reserved : 0;
}

/**
 * Appends a document's movements: one id, one device sequence number and one chained hash each, and
 * the caches updated, all inside the caller's write transaction (so a document is all or nothing).
 * Throws INSUFFICIENT_STOCK, naming every short line, before anything is written.
 */
export function appendMovements(ledger: Ledger, drafts: MovementDraft[], options: AppendOptions = {}): LedgerMovement[] {
  const { db } = ledger;
  if (!db.inTransaction) throw new Error('appendMovements must run inside a write transaction');
  const settings = readSettings(db);
  const stmts = prepared(db, sql);
  const withDeltas = drafts.map((d) => ({ ...d, deltas: d.deltas ?? deltasFor(d.kind, d.qty) }));

  const enforce = options.enforceAvailability ?? !settings.allowNegativeStock;
  if (enforce) refuseShortLines(db, withDeltas);

  const now = options.now ?? Date.now();
  const head = stmts.deviceHead.get(ledger.deviceId) as { device_seq: number; hash: Buffer | string; recorded_at: number } | undefined;
  let deviceSeq = head?.device_seq ?? 0;
  let prevHash = head ? linkText(head.hash) : GENESIS_HASH;
  // Clocks can step backwards; ledger times never do, so "what did we believe at T" stays a prefix.
  const recordedAt = Math.max(now, head?.recorded_at ?? 0);
  const learnedAt = Math.max(now, (stmts.lastLearned.get() as { t: number | null }).t ?? 0);

  const appended: LedgerMovement[] = [];
  const device = withDeltas.length ? deviceCodeOf(db, ledger.deviceId) : 0;
  const seal = currentSeal(ledger);
  // Without a key yet: never take the sequence an enrolment in flight has promised to seal.
  if (!seal) refuseWhileEnrolling(ledger); // the marker's expiry is wall-clock, like its start
  const recordedIso = isoOf(recordedAt);
  const learnedIso = isoOf(learnedAt);
  for (const d of withDeltas) {
    deviceSeq += 1;
    const base: Omit<Movement, 'hash'> = {
      id: uuidv7(now),
      deviceId: ledger.deviceId,
      deviceSeq,
      branch: settings.branchCode ?? UNASSIGNED_BRANCH,
      sku: d.sku,
      kind: d.kind,
      qty: d.qty,
      onHandDelta: d.deltas.onHand,
      reservedDelta: d.deltas.reserved,
      unitCost: d.unitCost ?? null,
      docType: d.docType,
      docId: d.docId,
      docLine: d.docLine,
      reverses: d.reverses ?? null,
      note: d.note ?? null,
      actor: d.actor,
      occurredAt: isoOf(d.occurredAt),
      recordedAt: recordedIso,
      prevHash,
    };
    const row = base as Movement;
    row.hash = sealMovement(base, seal && deviceSeq >= seal.from ? seal.key : null);
    refuseInvalid(db, row, appended);
    // The row before is this device's head (read above) or the row just inserted: its hash is prevHash.
    const seq = insertRow(db, device, row, d.occurredAt, recordedAt, learnedAt, head !== undefined || appended.length > 0);
    appended.push(Object.assign(row, { seq, learnedAt: learnedIso }));
    prevHash = row.hash;
  }
  if (seal && appended.length) stampHead(ledger, seal, deviceSeq, prevHash);
  const deltas = withDeltas.map((d) => ({ sku: d.sku, onHandDelta: d.deltas.onHand, reservedDelta: d.deltas.reserved, occurredAt: d.occurredAt, learnedAt }));
  if (options.deferSnapshots) {
    applyToBalances(db, deltas);
    for (const d of deltas) options.deferSnapshots.push(d);
  } else applyToCaches(db, deltas, settings.timeZone);
  runAfterAppend(ledger, appended); // derived projections (FIFO costs), same transaction
  return appended;
}

/**
 * The shared movement validator (shared/movements/validate.ts), the same HQ runs on a push: a row this
 * ledger writes is one HQ accepts. Refusing here (inside the caller's transaction) writes nothing.
 */
function refuseInvalid(db: Database, row: Movement, earlier: Movement[]): void {
  const ctx: ValidationContext = {};
  if (row.reverses !== null) {
    ctx.reversed = earlier.find((m) => m.id === row.reverses) ?? (prepared(db, sql).reversed.get(row.reverses) as ValidationContext['reversed']) ?? null;
  }
  const problem = movementProblem(row, ctx);
  if (problem) {
    throw new CommandError('VALIDATION', `Line ${row.docLine + 1} (${row.sku.slice(0, 64)}) cannot be recorded: ${problem}. Correct it and try again; nothing was recorded.`, { line: row.docLine, sku: row.sku, problem });
  }
}

function refuseShortLines(db: Database, drafts: Array<MovementDraft & { deltas: Deltas }>): void {
  const netBySku = new Map<string, number>();
  for (const d of drafts) netBySku.set(d.sku, (netBySku.get(d.sku) ?? 0) + d.deltas.onHand - d.deltas.reserved);
  const short: Array<{ line: number; sku: string; available: number; requested: number }> = [];
  for (const [sku, net] of netBySku) {
    if (net >= 0) continue;
    const available = availableOf(db, sku);
    if (available + net >= 0) continue;
    drafts.forEach((d) => {
      if (d.sku === sku && d.deltas.onHand - d.deltas.reserved < 0) short.push({ line: d.docLine, sku, available, requested: -net });
    });
  }
  if (short.length === 0) return;
  const first = short[0]!;
  // A long import can be short on thousands of lines: the sentence names a few, details carry them all.
  const named = short.slice(0, 5).map((s) => `${s.sku}: only ${s.available} available`).join('; ');
  const more = short.length > 5 ? ` and ${short.length - 5} more` : '';
  const message = short.length === 1
    ? `Not enough stock of ${first.sku}: only ${first.available} available, ${first.requested} requested. Lower the quantity or record the receipt first.`
    : `Not enough stock on ${short.length} lines (${named}${more}). Lower the quantities or record the receipts first.`;
  throw new CommandError('INSUFFICIENT_STOCK', message, { lines: short, sku: first.sku, available: first.available, requested: first.requested });
}

/**
 * Inserts movements that another device created (pulled by sync), keeping their ids, positions and
 * hashes; rows this ledger already has are skipped. Never refused for stock: what happened elsewhere
 * happened (negative stock is flagged, not refused).
 */
export function appendReplicated(ledger: Ledger, movements: Movement[], now: number = Date.now()): LedgerMovement[] {
  const { db } = ledger;
  if (!db.inTransaction) throw new Error('appendReplicated must run inside a write transaction');
  const settings = readSettings(db);
  const stmts = prepared(db, replicaSql);
  const learnedAt = Math.max(now, (prepared(db, sql).lastLearned.get() as { t: number | null }).t ?? 0);
  const added: LedgerMovement[] = [];
  const codes = new Map<string, number>();
  for (const m of movements) {
    if (stmts.exists.get(m.id)) continue;
    let device = codes.get(m.deviceId);
    if (device === undefined) codes.set(m.deviceId, device = deviceCodeOf(db, m.deviceId));
    // Another device's previous row may be missing here (HQ quarantined it) or differ (a forged link):
    // the link is stored once only when that row is here with exactly this row's prev_hash.
    const before = stmts.hashAt.get(device, m.deviceSeq - 1) as Buffer | string | undefined;
    const linked = before !== undefined && linkText(before) === m.prevHash;
    const seq = insertRow(db, device, m, Date.parse(m.occurredAt), Date.parse(m.recordedAt), learnedAt, linked);
    added.push({ ...m, seq, learnedAt: isoOf(learnedAt) });
  }
  applyToCaches(db, added.map((m) => ({ sku: m.sku, onHandDelta: m.onHandDelta, reservedDelta: m.reservedDelta, occurredAt: Date.parse(m.occurredAt), learnedAt })), settings.timeZone);
  runAfterAppend(ledger, added);
  return added;
}

const replicaSql = (db: Database) => ({
  exists: db.prepare(`SELECT 1 FROM movement_rows WHERE id = ?`),
  hashAt: db.prepare(`SELECT hash FROM movement_rows WHERE device = ? AND device_seq = ?`).pluck(),
});

