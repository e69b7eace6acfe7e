import { checkLink, GENESIS_HASH } from '../../shared/movements/chain';
import { currentSeal, headStampMatches } from '../safety/deviceSeal';
import type { VerifyProblem } from '../../shared/contract/ledger';
import type { Database } from 'better-sqlite3';
import type { Ledger } from './open';
import { noProgress, type ProgressListener } from './progress';
import { isoOf } from '../../shared/domain/time';
import type { Movement } from '../../shared/movements/row';
import type { MovementDbRow } from './rows';

type RawRow = [number, string, string, number, string, string, string, number, number, number, number | null,
  string, string, number, string | null, string | null, string, number, number, string, string];

/** The hashed content of a raw row, exactly as the append path built it (times as ISO strings). */
function contentOf(r: RawRow): Omit<Movement, 'hash'> {
  return {
    id: r[1], deviceId: r[2], deviceSeq: r[3], branch: r[4], sku: r[5], kind: r[6], qty: r[7], onHandDelta: r[8], reservedDelta: r[9],
    unitCost: r[10], docType: r[11], docId: r[12], docLine: r[13], reverses: r[14], note: r[15], actor: r[16],
    occurredAt: isoOf(r[17]), recordedAt: isoOf(r[18]), prevHash: r[19],
  };
}

/** Where a piece of the device-ordered walk starts and stops: (device_id, device_seq) keys, end exclusive. */
export interface VerifyPiece {
  from: [string, number] | null;
  to: [string, number] | null;
  /** This device's sealing key (base64) and start: its rows from there on must carry the keyed link. */
  seal?: { deviceId: string; key: string; from: number } | null;
}

export interface PieceResult {
  movements: number;
  devices: string[];
  /** The first break of each device met in this piece (the walk's own rule: one per device). */
  breaks: Array<VerifyProblem>;
}

const COLUMNS = `seq, id, device_id, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost,
  doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, prev_hash, hash`;

/**
 * Walks one piece of every device's hash chain in device order. A row edited behind the app's back no
 * longer matches its hash; a row removed leaves a gap in the device sequence and a broken link. A piece
 * that starts inside a device's chain starts from that device's row just before it, so pieces walked
 * apart report exactly what one walk would.
 */
export function verifyPiece(db: Database, piece: VerifyPiece, onRow: (done: number) => void = () => {}): PieceResult {
  const where: string[] = [];
  const params: Array<string | number> = [];
  if (piece.from) { where.push('(device_id, device_seq) >= (?, ?)'); params.push(...piece.from); }
  if (piece.to) { where.push('(device_id, device_seq) < (?, ?)'); params.push(...piece.to); }
  const result: PieceResult = { movements: 0, devices: [], breaks: [] };
  let device = '';
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let badInDevice = false;
  const ownSeal = piece.seal ? { key: Buffer.from(piece.seal.key, 'base64'), from: piece.seal.from } : null;
  if (piece.from) {
    const before = db.prepare(`SELECT device_id, device_seq, hash FROM movements WHERE (device_id, device_seq) < (?, ?)
      ORDER BY device_id DESC, device_seq DESC LIMIT 1`).raw().get(...piece.from) as [string, number, string] | undefined;
    if (before && before[0] === piece.from[0]) {
      [device, expectedSeq, prevHash] = [before[0], before[1] + 1, before[2]];
      result.devices.push(device);
    }
  }
  // Raw rows and the hashed content built straight from them: materialising 22 named columns and a
  // LedgerMovement per row cost more than the hash itself over millions of rows.
  const rows = db.prepare(`SELECT ${COLUMNS} FROM movements ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
    ORDER BY device_id, device_seq`).raw().iterate(...params) as IterableIterator<RawRow>;
  const gaps = hqQuarantineGaps(db);
  const report = (r: RawRow, problem: string) => {
    result.breaks.push({ seq: r[0], id: r[1], deviceId: r[2], deviceSeq: r[3], problem });
    badInDevice = true;
  };
  for (const r of rows) {
    result.movements += 1;
    if (result.movements % 50_000 === 0) onRow(result.movements);
    const deviceId = r[2];
    const deviceSeq = r[3];
    if (deviceId !== device) {
      device = deviceId;
      result.devices.push(device);
      expectedSeq = 1;
      prevHash = GENESIS_HASH;
      badInDevice = false;
    }
    // Rows HQ quarantined leave gaps in another device's chain here; HQ said so (sync_hq_gaps). The
    // link across is checked against the quarantined row's hash when HQ knew it.
    let linkKnown = true;
    if (deviceSeq > expectedSeq && !badInDevice) {
      const known = gaps.get(deviceId);
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
    if (!badInDevice) {
      if (deviceSeq !== expectedSeq) {
        report(r, `device sequence jumps from ${expectedSeq - 1} to ${deviceSeq}: ${deviceSeq - expectedSeq} row(s) before this one were removed`);
      } else if (linkKnown && r[19] !== prevHash) {
        report(r, 'does not link to the previous row of its device: a row before it was removed or replaced');
      } else {
        // Another device's keyed rows can only be checked at HQ, which holds every device's key.
        const link = checkLink(contentOf(r), r[20], ownSeal && deviceId === piece.seal!.deviceId ? ownSeal : null);
        if (link === 'bad') report(r, ownSeal && deviceId === piece.seal!.deviceId && deviceSeq >= ownSeal.from
          ? 'its content no longer matches its sealed link: the row was edited, replaced or forged outside the app'
          : 'its content no longer matches its hash: the row was edited outside the app');
      }
    }
    expectedSeq = deviceSeq + 1;
    prevHash = r[20];
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
  const head = ledger.db.prepare(`SELECT seq, id, device_seq, hash FROM movements WHERE device_id = ? ORDER BY device_seq DESC LIMIT 1`)
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
    result = checkSealedHead(ledger, combinePieces([verifyPiece(db, { from: null, to: null, seal: pieceSeal(ledger) }, (done) => onProgress({ task: 'verify', done, total }))]));
  })();
  return result!;
}
