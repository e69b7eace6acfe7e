import type { Database } from 'better-sqlite3';
import { prepared } from '../ledger/prepared';
import { checkCaches, rebuildCaches } from '../ledger/rebuild';
import { readSettings, writeSettings } from '../ledger/settings';
import { refuseBranchChange } from '../identity/branch';
import { verifyChainsParallel } from '../ledger/verifyParallel';
import { writeTransaction } from '../ledger/write';
import { syncStatus } from '../sync/status';
import type { Handlers } from './handler';

const sql = (db: Database) => ({
  count: db.prepare(`SELECT coalesce(max(seq), 0) AS n FROM movements`),
});

export const ledgerHandlers: Handlers<'ledger.rebuild' | 'ledger.check' | 'ledger.verify' | 'settings.get' | 'settings.set' | 'app.status' | 'app.progress'> = {
  'ledger.rebuild': (_p, ctx) => rebuildCaches(ctx.ledger, ctx.progress),
  'ledger.check': (_p, ctx) => checkCaches(ctx.ledger, ctx.progress),
  'ledger.verify': (_p, ctx) => verifyChainsParallel(ctx.ledger, ctx.progress),
  'settings.get': (_p, ctx) => ({ ...readSettings(ctx.ledger.db), deviceId: ctx.ledger.deviceId }),
  'settings.set': ({ approval: _approval, ...p }, ctx) => {
    const before = readSettings(ctx.ledger.db);
    const after = writeTransaction(ctx.ledger, () => {
      // A branch is assigned once: the first time is free, a change of a ledger with movements is refused.
      if (p.branchCode !== undefined) refuseBranchChange(ctx.ledger.db, p.branchCode);
      return writeSettings(ctx.ledger.db, p);
    });
    // Snapshot days are branch-local: a new time zone moves every day boundary.
    if (after.timeZone !== before.timeZone) rebuildCaches(ctx.ledger, ctx.progress);
    return { ...after, deviceId: ctx.ledger.deviceId };
  },
  'app.status': (_p, ctx) => {
    const s = readSettings(ctx.ledger.db);
    return {
      branchCode: s.branchCode,
      branchName: s.branchName,
      deviceId: ctx.ledger.deviceId,
      movements: (prepared(ctx.ledger.db, sql).count.get() as { n: number }).n,
      sync: syncStatus(ctx.ledger),
    };
  },
  'app.progress': (_p, ctx) => ({ tasks: ctx.progressSnapshot() }),
};
