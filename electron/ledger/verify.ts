import { GENESIS_HASH, hashMovement } from '../../shared/movements/chain';
import type { VerifyProblem } from '../../shared/contract/ledger';
import type { Ledger } from './open';
import { noProgress, type ProgressListener } from './progress';
import { movementFromRow, type MovementDbRow } from './rows';

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
    const report = (r: MovementDbRow, problem: string) => {
      if (!firstBad || r.seq < firstBad.seq) firstBad = { seq: r.seq, id: r.id, deviceId: r.device_id, deviceSeq: r.device_seq, problem };
    };
    let badInDevice = false;
    const rows = db.prepare(`SELECT * FROM movements ORDER BY device_id, device_seq`).iterate() as IterableIterator<MovementDbRow>;
    for (const r of rows) {
      movements += 1;
      if (movements % 50_000 === 0) onProgress({ task: 'verify', done: movements, total });
      if (r.device_id !== device) {
        device = r.device_id;
        devices += 1;
        expectedSeq = 1;
        prevHash = GENESIS_HASH;
        badInDevice = false;
      }
      // After the first break in a device's chain every later row would also fail; report the break.
      if (!badInDevice) {
        const m = movementFromRow(r);
        const { seq: _seq, learnedAt: _learned, hash, ...content } = m;
        if (r.device_seq !== expectedSeq) {
          report(r, `device sequence jumps from ${expectedSeq - 1} to ${r.device_seq}: ${r.device_seq - expectedSeq} row(s) before this one were removed`);
          badInDevice = true;
        } else if (r.prev_hash !== prevHash) {
          report(r, 'does not link to the previous row of its device: a row before it was removed or replaced');
          badInDevice = true;
        } else if (hashMovement(content) !== hash) {
          report(r, 'its content no longer matches its hash: the row was edited outside the app');
          badInDevice = true;
        }
      }
      expectedSeq = r.device_seq + 1;
      prevHash = r.hash;
    }
    onProgress({ task: 'verify', done: movements, total });
  })();
  return { ok: firstBad === null, movements, devices, firstBad };
}
