import { GENESIS_HASH, hashMovement } from '../../shared/movements/chain';
import type { VerifyProblem } from '../../shared/contract/ledger';
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

/**
 * Walks every device's hash chain in device order. A row edited behind the app's back no longer
 * matches its hash; a row removed leaves a gap in the device sequence and a broken link. Reports the
 * first bad row (in ledger order) with what is wrong with it.
 */
export function verifyChains(ledger: Ledger, onProgress: ProgressListener = noProgress): { ok: boolean; movements: number; devices: number; firstBad: VerifyProblem | null } {
  const { db } = ledger;
  let firstBad: VerifyProblem | null = null;
  let movements = 0;
  let devices = 0;
  db.transaction(() => {
    const total = (db.prepare(`SELECT count(*) AS n FROM movements`).get() as { n: number }).n;
    let device = '';
    let expectedSeq = 1;
    let prevHash = GENESIS_HASH;
    const report = (r: Pick<MovementDbRow, 'seq' | 'id' | 'device_id' | 'device_seq'>, problem: string) => {
      if (!firstBad || r.seq < firstBad.seq) firstBad = { seq: r.seq, id: r.id, deviceId: r.device_id, deviceSeq: r.device_seq, problem };
    };
    let badInDevice = false;
    // Raw rows and the hashed content built straight from them: materialising 22 named columns and a
    // LedgerMovement per row cost more than the hash itself over millions of rows.
    const rows = db.prepare(`
      SELECT seq, id, device_id, device_seq, branch, sku, kind, qty, on_hand_delta, reserved_delta, unit_cost,
        doc_type, doc_id, doc_line, reverses, note, actor, occurred_at, recorded_at, prev_hash, hash
      FROM movements ORDER BY device_id, device_seq`).raw().iterate() as IterableIterator<RawRow>;
    for (const r of rows) {
      movements += 1;
      if (movements % 50_000 === 0) onProgress({ task: 'verify', done: movements, total });
      const deviceId = r[2];
      const deviceSeq = r[3];
      if (deviceId !== device) {
        device = deviceId;
        devices += 1;
        expectedSeq = 1;
        prevHash = GENESIS_HASH;
        badInDevice = false;
      }
      // After the first break in a device's chain every later row would also fail; report the break.
      if (!badInDevice) {
        const at = { seq: r[0], id: r[1], device_id: deviceId, device_seq: deviceSeq };
        if (deviceSeq !== expectedSeq) {
          report(at, `device sequence jumps from ${expectedSeq - 1} to ${deviceSeq}: ${deviceSeq - expectedSeq} row(s) before this one were removed`);
          badInDevice = true;
        } else if (r[19] !== prevHash) {
          report(at, 'does not link to the previous row of its device: a row before it was removed or replaced');
          badInDevice = true;
        } else if (hashMovement(contentOf(r)) !== r[20]) {
          report(at, 'its content no longer matches its hash: the row was edited outside the app');
          badInDevice = true;
        }
      }
      expectedSeq = deviceSeq + 1;
      prevHash = r[20];
    }
    onProgress({ task: 'verify', done: movements, total });
  })();
  return { ok: firstBad === null, movements, devices, firstBad };
}
