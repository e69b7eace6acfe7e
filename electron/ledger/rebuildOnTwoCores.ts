import { registerDayFunctions } from './dayKey';
import { foldBalances, foldLearned, foldLedgerInto, foldOccurred } from './fold';
import { learnedWorkerFile, startLearnedHelper, type LearnedHelper } from './learnedAside';
import type { Ledger } from './open';
import type { ProgressListener } from './progress';
import { writeTransaction } from './write';

/** Below this many movements a second thread costs more to start than it saves. */
const FROM_ROWS = 200_000;
const AUX = 'fold_aux';

interface Seen { movements: number; last: number | null }
const sameRows = (a: Seen, b: Seen) => a.movements === b.movements && a.last === b.last;

/**
 * `ledger.rebuild` with the two snapshot axes folded at once on two cores. SQLite has one writer, and a
 * connection holding a write transaction locks every file attached to it, so the folding is done first,
 * from read snapshots: this thread folds the balances and the business-day closings into temporary
 * tables while a helper thread (learnedAside.ts) folds the learning-day closings into a scratch file.
 * Then one write transaction clears the caches, runs `clearAndHooks` (the projections' rebuild hooks)
 * and copies the rows in, in key order. Movements are append-only, so the ledger those snapshots read is
 * the one the write transaction sees exactly when its count and last position are the same; if another
 * process appended in between, the whole fold is done again inside the transaction, as on one core.
 * Answers false, having changed nothing, when it does not apply (helper not built, in-memory or small
 * ledger, called inside a transaction): the caller then rebuilds on one thread.
 */
export function rebuildOnTwoCores(ledger: Ledger, timeZone: string, onProgress: ProgressListener, clearAndHooks: () => void): boolean {
  const { db } = ledger;
  const file = learnedWorkerFile();
  if (!file || ledger.file === ':memory:' || db.inTransaction) return false;
  const seenNow = db.prepare(`SELECT count(*) AS movements, max(seq) AS last FROM movements`);
  if ((seenNow.get() as Seen).movements < FROM_ROWS) return false;
  registerDayFunctions(db, timeZone);
  db.exec(`
    CREATE TEMP TABLE IF NOT EXISTS aside_balances (sku TEXT PRIMARY KEY, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL, movements INTEGER NOT NULL) WITHOUT ROWID;
    CREATE TEMP TABLE IF NOT EXISTS aside_snapshots_occurred (sku TEXT NOT NULL, day TEXT NOT NULL, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL);
    DELETE FROM temp.aside_balances; DELETE FROM temp.aside_snapshots_occurred;`);
  let helper: LearnedHelper | null = null;
  let total = 0;
  let occurredDone = 0;
  let learnedDone = 0;
  const report = () => onProgress({ task: 'rebuild', done: Math.floor((occurredDone + learnedDone) / 2), total });
  try {
    // Read transaction: the balances and business days of one snapshot, the helper started meanwhile.
    const { seen, ranges } = db.transaction(() => {
      const folded = foldBalances(db, 'temp.aside_');
      total = folded.total;
      report();
      helper = startLearnedHelper(file, { ledgerFile: ledger.file, timeZone, total, ranges: folded.ranges });
      foldOccurred(db, 'temp.aside_snapshots_occurred', 'temp.aside_balances', timeZone, folded.ranges, (rows) => {
        occurredDone = rows;
        if (helper) learnedDone = helper.done();
        report();
      });
      return { seen: seenNow.get() as Seen, ranges: folded.ranges };
    })();
    const helped = (helper as LearnedHelper | null)?.wait((rows) => { learnedDone = rows; report(); }) ?? false;
    if (helped) db.prepare(`ATTACH ? AS ${AUX}`).run(helper!.auxFile);
    try {
      writeTransaction(ledger, () => {
        const now = seenNow.get() as Seen;
        clearAndHooks();
        if (!sameRows(now, seen)) {
          foldLedgerInto(db, '', timeZone, onProgress, 'rebuild');
          return;
        }
        db.exec(`INSERT INTO balances (sku, on_hand, reserved, movements) SELECT sku, on_hand, reserved, movements FROM temp.aside_balances ORDER BY sku;
          INSERT INTO snapshots_occurred (sku, day, on_hand, reserved) SELECT sku, day, on_hand, reserved FROM temp.aside_snapshots_occurred ORDER BY rowid;`);
        const helperSaw = helped ? db.prepare(`SELECT movements, last_seq AS last FROM ${AUX}.seen`).get() as Seen : null;
        if (helperSaw && sameRows(helperSaw, now)) {
          db.exec(`INSERT INTO snapshots_learned (sku, day, on_hand, reserved) SELECT sku, day, on_hand, reserved FROM ${AUX}.learned ORDER BY rowid`);
        } else {
          // The helper failed or read another snapshot: this thread folds the learning days, under the lock.
          foldLearned(db, 'snapshots_learned', timeZone, total, ranges, (rows) => { learnedDone = rows; report(); });
        }
        onProgress({ task: 'rebuild', done: total, total });
      });
    } finally {
      if (helped) db.prepare(`DETACH ${AUX}`).run();
    }
    return true;
  } finally {
    (helper as LearnedHelper | null)?.close();
    db.exec(`DELETE FROM temp.aside_balances; DELETE FROM temp.aside_snapshots_occurred;`);
  }
}
