import { availableParallelism } from 'node:os';
import { foldLearned, foldLedgerInto } from './fold';
import { learnedWorkerFile, startLearnedHelper } from './learnedAside';
import type { Ledger } from './open';
import type { ProgressListener } from './progress';

export interface TwoCoreOptions {
  /** Cores to use (one: fold on this thread alone). */
  threads?: number;
  /** Below this many movements, one thread. */
  minRows?: number;
}

/** Below this many movements a second thread costs more to start than it saves. */
const FROM_ROWS = 200_000;

/** Copies the helper's rows (one JSON array, in key order) into the learning-day closings. */
const insertLearned = (table: string) => `INSERT INTO ${table} (sku, day, on_hand, reserved)
  SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?) ORDER BY key`;

/**
 * foldLedgerInto (fold.ts) with the two snapshot axes folded at once on two cores, for `ledger.rebuild`
 * and `ledger.check`: this thread folds the balances and then the business days into the `prefix` tables
 * while a helper thread (learnedAside.ts) folds the learning days from its own read snapshot; its rows are
 * then copied in (about a tenth of what folding them costs). Runs inside the caller's transaction. The
 * helper says the last position it read: when another process appended between the two snapshots (a
 * rebuild holds the write lock, so only a check can meet this), or the helper failed, this thread folds
 * the learning days itself. On one core, a small or in-memory ledger, or without the helper's bundle
 * (tests from source), it is the one-thread fold.
 */
export function foldLedgerOnTwoCores(ledger: Ledger, prefix: string, timeZone: string, onProgress: ProgressListener, task: string,
  { threads = availableParallelism(), minRows = FROM_ROWS }: TwoCoreOptions = {}): 'two cores' | 'one thread' {
  const { db } = ledger;
  const file = learnedWorkerFile();
  const lastSeq = db.prepare(`SELECT max(seq) FROM movement_rows`).pluck();
  // Positions are dense in practice: the last one stands for the count (an index seek, not a scan).
  if (threads < 2 || !file || ledger.file === ':memory:' || ((lastSeq.get() as number | null) ?? 0) < minRows) {
    foldLedgerInto(db, prefix, timeZone, onProgress, task);
    return 'one thread';
  }
  let outcome: 'two cores' | 'one thread' = 'one thread';
  foldLedgerInto(db, prefix, timeZone, onProgress, task, (total, ranges) => {
    const helper = startLearnedHelper(file, { ledgerFile: ledger.file, timeZone, total, ranges });
    return {
      done: () => helper?.done() ?? 0,
      finish: (progress) => {
        const aside = helper?.wait(progress) ?? null;
        if (aside !== null && aside.lastSeq === lastSeq.get()) {
          db.prepare(insertLearned(`${prefix}snapshots_learned`)).run(aside.rows);
          outcome = 'two cores';
        } else {
          foldLearned(db, `${prefix}snapshots_learned`, timeZone, total, ranges, progress);
        }
        progress(total);
      },
      close: () => helper?.close(),
    };
  });
  return outcome;
}
