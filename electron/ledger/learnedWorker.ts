// The helper thread of a rebuild on two cores (learnedAside.ts, rebuildOnTwoCores.ts): folds the
// closings by learning day from its own read snapshot of the ledger into a scratch file, and notes the
// ledger's count and last position as it read them, so the rebuilding thread can tell that its write
// transaction sees the same rows. Bundled to dist/electron/learnedWorker.js.
import Database from 'better-sqlite3';
import { workerData } from 'node:worker_threads';
import { registerDayFunctions } from './dayKey';
import { foldLearned } from './fold';
import { ASIDE, type LearnedJob } from './learnedAside';

const job = workerData as LearnedJob;
const state = new Int32Array(job.shared);
const finish = (outcome: number) => { Atomics.store(state, ASIDE.STATE, outcome); Atomics.notify(state, ASIDE.STATE); };
Atomics.store(state, ASIDE.STATE, ASIDE.STARTED);
try {
  // The scratch file is this connection's main database and the ledger is attached, only read: a
  // read-only connection cannot attach a writable file.
  const db = new Database(job.auxFile);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.prepare('ATTACH ? AS ledger').run(job.ledgerFile);
  db.pragma('ledger.busy_timeout = 10000');
  db.pragma('cache_size = -64000');
  registerDayFunctions(db, job.timeZone);
  db.exec(`CREATE TABLE main.learned (sku TEXT NOT NULL, day TEXT NOT NULL, on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL);
    CREATE TABLE main.seen (movements INTEGER NOT NULL, last_seq INTEGER)`);
  // One transaction: one snapshot of the ledger for the fold and for what it notes.
  db.transaction(() => {
    db.exec(`INSERT INTO main.seen SELECT count(*), max(seq) FROM ledger.movements`);
    foldLearned(db, 'main.learned', job.timeZone, job.total, job.ranges, (rows) => Atomics.store(state, ASIDE.DONE, rows));
  })();
  db.close();
  finish(ASIDE.READY);
} catch (err) {
  process.stderr.write(`rebuild helper thread: ${(err as Error).message}\n`);
  finish(ASIDE.FAILED);
}
