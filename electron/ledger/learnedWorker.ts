// The helper thread of a rebuild on two cores (learnedAside.ts, foldOnTwoCores.ts): folds the closings
// by learning day from its own read snapshot of the ledger into a temporary table and posts them as one
// JSON text, with the ledger's last position as it read it, so the rebuilding thread can
// tell that its write transaction sees the same rows. Bundled to dist/electron/learnedWorker.js.
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';
import { registerDayFunctions } from './dayKey';
import { foldLearned } from './fold';
import { ASIDE, type LearnedJob, type LearnedRows } from './learnedAside';

const job = workerData as LearnedJob;
const state = new Int32Array(job.shared);
const finish = (outcome: number) => { Atomics.store(state, ASIDE.STATE, outcome); Atomics.notify(state, ASIDE.STATE); };
Atomics.store(state, ASIDE.STATE, ASIDE.STARTED);
try {
  const db = new Database(job.ledgerFile, { readonly: true });
  db.pragma('cache_size = -64000');
  registerDayFunctions(db, job.timeZone);
  db.exec(`CREATE TEMP TABLE learned (sku TEXT NOT NULL, day TEXT NOT NULL, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL)`);
  // One read transaction: one snapshot of the ledger for the fold and for what it notes.
  const out = db.transaction((): LearnedRows => {
    const lastSeq = db.prepare(`SELECT max(seq) FROM movement_rows`).pluck().get() as number | null;
    foldLearned(db, 'temp.learned', job.timeZone, job.total, job.ranges, (rows) => Atomics.store(state, ASIDE.DONE, rows));
    const rows = db.prepare(`SELECT json_group_array(json_array(sku, day, on_hand, reserved))
      FROM (SELECT sku, day, on_hand, reserved FROM temp.learned ORDER BY rowid)`).pluck().get() as string;
    return { rows, lastSeq };
  })();
  db.close();
  job.port.postMessage(out);
  finish(ASIDE.READY);
} catch (err) {
  process.stderr.write(`rebuild helper thread: ${(err as Error).message}\n`);
  finish(ASIDE.FAILED);
}
