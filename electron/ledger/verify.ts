import { checkLinkOf, GENESIS_HASH } from '../../shared/movements/chain';
import { currentSeal, headStampMatches } from '../safety/deviceSeal';
import type { VerifyProblem } from '../../shared/contract/ledger';
import type { Database } from 'better-sqlite3';
import type { Ledger } from './open';
import { noProgress, type ProgressListener } from './progress';
import { isoFormatter } from '../../shared/domain/time';
import { linkTextSql } from './linkStorage';
import { deviceCodeSql } from './leanRows';

/**
 * How a row's canonical text (canonicalMovement's) is read. Fast: SQLite writes the first 16 values
 * as one JSON array (its escaping of text matches JSON.stringify's for everything the app writes) and
 * only the two times, the row's link (as text, written by SQLite from its stored bytes) and its device
 * sequence come back as separate values; the previous link is the one the row before it had. A row the fast
 * text does not match is read again in full and checked exactly as the append path built it, so the
 * fast text can only save work, never change an answer; a file SQLite's JSON cannot read (a BLOB put
 * in a text column behind the app's back) is walked in full from the start.
 * A row comes back as few values as the check needs: each device's chain is read on its own (WHERE
 * device = its code in movement_rows, the device id bound once as the text's second value), the stored
 * prev_hash is read only for a row whose fast text fails, and the position and id only for a row that is
 * reported (over millions of rows, materialising values costs more than hashing them).
 */
const FAST = `json_array(id, ?, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost,
  doc_type, doc_id, doc_line, reverses, note, actor), occurred_at, recorded_at, ${linkTextSql('hash')}, device_seq`;
type FastRow = [string, number, number, string, number];

/**
 * The full row, content first in canonicalMovement's order: cut to its first 19 cells, with the two
 * times written as ISO strings, it is exactly the array canonicalMovement serialises.
 */
const FULL = `id, device_id, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost,
  doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, prev_hash, hash, device_seq`;
type FullRow = unknown[];
/** Rows read at a time by the walk. */
const CHAIN_CHUNK = 5000;
/** Cell positions counted from the end: hash and device_seq in both shapes; prev_hash in the full row only. */
const PREV = -3, HASH = -2, DEVICE_SEQ = -1;
const OCCURRED = 16, RECORDED = 17, CONTENT = 19;

/** The canonical text of a full row (mutates the row: it is read once). */
function fullText(r: FullRow, occurredIso: (ms: number) => string, recordedIso: (ms: number) => string): string {
  r[OCCURRED] = occurredIso(r[OCCURRED] as number);
  r[RECORDED] = recordedIso(r[RECORDED] as number);
  r.length = CONTENT;
  return JSON.stringify(r);
}

/** Where a piece of the device-ordered walk starts and stops: (device code, device_seq) keys, end exclusive. */
export interface VerifyPiece {
  from: [number, number] | null;
  to: [number, number] | null;
  /** This device's sealing key (base64) and start: its rows from there on must carry the keyed link. */
  seal?: { deviceId: string; key: string; from: number } | null;
}

export interface PieceResult {
  movements: number;
  devices: string[];
  /** The first break of each device met in this piece (the walk's own rule: one per device). */
  breaks: Array<VerifyProblem>;
}

/**
 * Walks one piece of every device's hash chain in device order. A row edited behind the app's back no
 * longer matches its hash; a row removed leaves a gap in the device sequence and a broken link. A piece
 * that starts inside a device's chain starts from that device's row just before it, so pieces walked
 * apart report exactly what one walk would.
 */
export function verifyPiece(db: Database, piece: VerifyPiece, onRow: (done: number) => void = () => {}): PieceResult {
  try {
    return walkPiece(db, piece, onRow, true);
  } catch (err) {
    if (!/JSON cannot hold BLOB|malformed JSON/i.test((err as Error).message)) throw err;
    return walkPiece(db, piece, onRow, false);
  }
}

/**
 * The devices whose chains a piece covers, in code order, with their ids: one index seek per device in
 * the rows themselves, so a row whose device code was changed to one `devices` does not hold is walked
 * too (its id reads as null, so its content no longer matches its hash).
 */
function* devicesOf(db: Database, piece: VerifyPiece): Generator<[number, string]> {
  const next = db.prepare(`SELECT device, (SELECT device_id FROM devices WHERE code = device) FROM movement_rows
    WHERE device >= ? AND device <= ? ORDER BY device LIMIT 1`).raw();
  const last = piece.to?.[0] ?? Number.MAX_SAFE_INTEGER;
  let row = next.get(piece.from?.[0] ?? Number.MIN_SAFE_INTEGER, last) as [number, string] | undefined;
  while (row) {
    yield row;
    row = next.get(row[0] + 1, last) as [number, string] | undefined;
  }
}

function walkPiece(db: Database, piece: VerifyPiece, onRow: (done: number) => void, fast: boolean): PieceResult {
  const result: PieceResult = { movements: 0, devices: [], breaks: [] };
  const ownSeal = piece.seal ? { key: Buffer.from(piece.seal.key, 'base64'), from: piece.seal.from } : null;
  // One device's rows in device order, CHAIN_CHUNK at a time (all() per chunk costs less a row than
  // iterate()): from a position (inclusive, -Infinity: from the start), then after the last row read, to
  // another (exclusive) where the piece is cut inside its chain (a bound only then: a position SQLite
  // holds as text sorts after every number, and is still read).
  const chainSql = (lower: '>=' | '>', upper: boolean) => db.prepare(`SELECT ${fast ? FAST : FULL} FROM ${fast ? 'movement_rows' : 'movements'}
    WHERE device = ? AND device_seq ${lower} ? ${upper ? 'AND device_seq < ?' : ''} ORDER BY device_seq LIMIT ${CHAIN_CHUNK}`).raw();
  const chains = { '>=': [chainSql('>=', false), chainSql('>=', true)], '>': [chainSql('>', false), chainSql('>', true)] };
  const before = db.prepare(`SELECT device_seq, hash FROM movements WHERE device = ? AND device_seq < ? ORDER BY device_seq DESC LIMIT 1`).raw();
  const fullRow = db.prepare(`SELECT ${FULL} FROM movements WHERE device = ? AND device_seq = ?`).raw();
  const keysOf = db.prepare(`SELECT seq, id FROM movement_rows WHERE device = ? AND device_seq = ?`).raw();
  const sharesLink = db.prepare(`SELECT typeof(prev_hash) = 'blob' AND length(prev_hash) = 0 FROM movement_rows WHERE device = ? AND device_seq = ?`).pluck();
  const gaps = hqQuarantineGaps(db);
  const occurredIso = isoFormatter();
  const recordedIso = isoFormatter();
  for (const [code, device] of devicesOf(db, piece)) {
    const from = piece.from && code === piece.from[0] ? piece.from[1] : null;
    const to = piece.to && code === piece.to[0] ? piece.to[1] : null;
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    let badInDevice = false;
    let met = false;
    // A piece that starts inside this device's chain links on from the device's row just before it.
    if (from !== null) {
      const last = before.get(code, from) as [number, string] | undefined;
      if (last) {
        [expectedSeq, prevHash] = [last[0] + 1, last[1]];
        result.devices.push(device);
        met = true;
      }
    }
    const report = (deviceSeq: number, problem: string) => {
      const [seq, id] = keysOf.get(code, deviceSeq) as [number, string];
      result.breaks.push({ seq, id, deviceId: device, deviceSeq, problem });
      badInDevice = true;
    };
    const seal = ownSeal && device === piece.seal!.deviceId ? ownSeal : null;
    // A row whose previous link is stored once (in the row before it) also fails when that row was replaced.
    const badContent = (deviceSeq: number) => {
      const which = sharesLink.get(code, deviceSeq) ? 'the row, or the one before it,' : 'the row';
      report(deviceSeq, seal && deviceSeq >= seal.from
        ? `its content no longer matches its sealed link: ${which} was edited, replaced or forged outside the app`
        : `its content no longer matches its hash: ${which} was edited outside the app`);
    };
    /**
     * The link to the previous row and the row's own link, from the full row: the check the fast text
     * stands in for. `prev` null: the previous row is not in this file (HQ quarantined it without its hash).
     */
    const checkFull = (r: FullRow, deviceSeq: number, stored: string, prev: string | null) => {
      if (prev !== null && r[r.length + PREV] !== prev) report(deviceSeq, 'does not link to the previous row of its device: a row before it was removed or replaced');
      else if (checkLinkOf(fullText(r, occurredIso, recordedIso), deviceSeq, stored, seal) === 'bad') badContent(deviceSeq);
    };
    const known = gaps.get(device);
    const head = fast ? [device, code] : [code];
    const upper = to !== null ? [to] : [];
    let chunk = chains['>='][upper.length]!.all(...head, from ?? -Infinity, ...upper) as unknown[][];
    let lastSeq: unknown = null;
    for (;;) {
      for (const r of chunk) {
        const n = r.length;
        const deviceSeq = r[n + DEVICE_SEQ] as number;
        // A link is text (the app's, or hand-edited text); anything else put in by hand matches no digest.
        const stored = typeof r[n + HASH] === 'string' ? r[n + HASH] as string : '';
        if (!met) { result.devices.push(device); met = true; }
        result.movements += 1;
        if (result.movements % 50_000 === 0) onRow(result.movements);
        // Rows HQ quarantined leave gaps in another device's chain here; HQ said so (sync_hq_gaps). The
        // link across is checked against the quarantined row's hash when HQ knew it.
        let linkKnown = true;
        if (deviceSeq > expectedSeq && !badInDevice) {
          let s = expectedSeq;
          while (s < deviceSeq && known?.has(s)) s++;
          if (s === deviceSeq) {
            const gapHash = known!.get(deviceSeq - 1) ?? null;
            if (gapHash === null) linkKnown = false;
            else prevHash = gapHash;
            expectedSeq = deviceSeq;
          }
        }
        // After the first break in a device's chain every later row would also fail; report the break.
        // Another device's keyed rows can only be checked at HQ, which holds every device's key.
        if (!badInDevice) {
          if (deviceSeq !== expectedSeq) {
            report(deviceSeq, `device sequence jumps from ${expectedSeq - 1} to ${deviceSeq}: ${deviceSeq - expectedSeq} row(s) before this one were removed`);
          } else if (!fast) {
            checkFull(r, deviceSeq, stored, linkKnown ? prevHash : null);
          } else if (!linkKnown) {
            checkFull(fullRow.get(code, deviceSeq) as FullRow, deviceSeq, stored, null);
          } else {
            // The fast text carries the link the row must have (the previous row's); a row whose stored
            // prev_hash is another, or whose content changed, hashes differently and is read again in full.
            const f = r as FastRow;
            const text = `${f[0].slice(0, -1)},"${occurredIso(f[1])}","${recordedIso(f[2])}",${JSON.stringify(prevHash)}]`;
            if (checkLinkOf(text, deviceSeq, stored, seal) === 'bad') checkFull(fullRow.get(code, deviceSeq) as FullRow, deviceSeq, stored, prevHash);
          }
        }
        expectedSeq = deviceSeq + 1;
        prevHash = stored;
        lastSeq = deviceSeq; // read before checkFull, which cuts the row it checks
      }
      if (chunk.length < CHAIN_CHUNK) break;
      chunk = chains['>'][upper.length]!.all(...head, lastSeq, ...upper) as unknown[][];
    }
  }
  onRow(result.movements);
  return result;
}

/** Sequences of other devices' rows that HQ quarantined (device → seq → that row's hash, if known). */
function hqQuarantineGaps(db: Database): Map<string, Map<number, string | null>> {
  const gaps = new Map<string, Map<number, string | null>>();
  let rows: Array<[string, number, string | null]> = [];
  try {
    rows = db.prepare(`SELECT device_id, device_seq, hash FROM sync_hq_gaps`).raw().all() as Array<[string, number, string | null]>;
  } catch { /* a file from before sync validation: no gaps known */ }
  for (const [device, seq, hash] of rows) {
    if (!gaps.has(device)) gaps.set(device, new Map());
    gaps.get(device)!.set(seq, hash);
  }
  return gaps;
}

export type VerifyResult = { ok: boolean; movements: number; devices: number; firstBad: VerifyProblem | null };

/** One answer from the pieces: each device's first break in device order, then the earliest of those in ledger order. */
export function combinePieces(pieces: PieceResult[]): VerifyResult {
  const firstByDevice = new Map<string, VerifyProblem>();
  for (const p of pieces) {
    for (const b of p.breaks) {
      const known = firstByDevice.get(b.deviceId);
      if (!known || b.deviceSeq < known.deviceSeq) firstByDevice.set(b.deviceId, b);
    }
  }
  let firstBad: VerifyProblem | null = null;
  for (const b of firstByDevice.values()) if (!firstBad || b.seq < firstBad.seq) firstBad = b;
  const devices = new Set(pieces.flatMap((p) => p.devices));
  return { ok: firstBad === null, movements: pieces.reduce((n, p) => n + p.movements, 0), devices: devices.size, firstBad };
}

/** The device's own seal as a piece carries it (also across to helper threads). */
export function pieceSeal(ledger: Ledger): VerifyPiece['seal'] {
  const seal = currentSeal(ledger);
  return seal ? { deviceId: ledger.deviceId, key: Buffer.from(seal.key).toString('base64'), from: seal.from } : null;
}

/**
 * Removing a device's newest rows leaves a chain that links perfectly; the keyed stamp of the head,
 * written with every append, no longer matches it. Runs inside the caller's read transaction.
 */
export function checkSealedHead(ledger: Ledger, result: VerifyResult): VerifyResult {
  const seal = currentSeal(ledger);
  if (!seal) return result;
  const head = ledger.db.prepare(`SELECT seq, id, device_seq, hash FROM movements WHERE device = ${deviceCodeSql} ORDER BY device_seq DESC LIMIT 1`)
    .get(ledger.deviceId) as { seq: number; id: string; device_seq: number; hash: string } | undefined;
  if (headStampMatches(ledger, seal, head ? { deviceSeq: head.device_seq, hash: head.hash } : null)) return result;
  const problem: VerifyProblem = {
    seq: head?.seq ?? 0, id: head?.id ?? '', deviceId: ledger.deviceId, deviceSeq: head?.device_seq ?? 0,
    problem: 'this device\'s newest rows were removed or replaced outside the app: its sealed head no longer matches its last row',
  };
  return { ...result, ok: false, firstBad: result.firstBad ?? problem };
}

/** Verifies every chain in this thread (one piece). */
export function verifyChains(ledger: Ledger, onProgress: ProgressListener = noProgress): VerifyResult {
  const { db } = ledger;
  let result: VerifyResult | null = null;
  db.transaction(() => {
    const total = (db.prepare(`SELECT count(*) AS n FROM movements`).get() as { n: number }).n;
    onProgress({ task: 'verify', done: 0, total }); // a bar from the start: the first count comes after 50,000 rows
    result = checkSealedHead(ledger, combinePieces([verifyPiece(db, { from: null, to: null, seal: pieceSeal(ledger) }, (done) => onProgress({ task: 'verify', done, total }))]));
  })();
  return result!;
}
