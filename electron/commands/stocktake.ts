import { installStocktakeHooks } from '../stocktake/cache';
import { commitSession } from '../stocktake/commit';
import { listEvents, recordCount, recordCounts, undoCount } from '../stocktake/counts';
import { varianceCsv } from '../stocktake/csv';
import { reviewSession } from '../stocktake/review';
import { cancelSession, listSessions, requireSession, sessionView, startSession } from '../stocktake/sessions';
import type { Handlers } from './handler';
import { ensureCosted } from '../costs/catchUp';

installStocktakeHooks();

type StocktakeCommand = 'stocktake.start' | 'stocktake.count' | 'stocktake.countBatch' | 'stocktake.undo' | 'stocktake.review' | 'stocktake.commit' | 'stocktake.cancel'
  | 'stocktake.list' | 'stocktake.get' | 'stocktake.events' | 'stocktake.exportCsv';

export const stocktakeHandlers: Handlers<StocktakeCommand> = {
  'stocktake.start': (p, ctx) => startSession(ctx.ledger, p, ctx.now()),
  'stocktake.count': (p, ctx) => recordCount(ctx.ledger, p, ctx.now()),
  'stocktake.countBatch': (p, ctx) => recordCounts(ctx.ledger, p, ctx.now()),
  'stocktake.undo': (p, ctx) => undoCount(ctx.ledger, p, ctx.now()),
  // Differences are valued at FIFO cost: bring the cost projection up to date first.
  'stocktake.review': (p, ctx) => { ensureCosted(ctx.ledger); return reviewSession(ctx.ledger.db, p.sessionId); },
  'stocktake.commit': (p, ctx) => { ensureCosted(ctx.ledger); return commitSession(ctx.ledger, p, ctx.now()); },
  'stocktake.cancel': (p, ctx) => cancelSession(ctx.ledger, p, ctx.now()),
  'stocktake.list': (p, ctx) => listSessions(ctx.ledger.db, p),
  'stocktake.get': (p, ctx) => sessionView(ctx.ledger.db, requireSession(ctx.ledger.db, p.sessionId)),
  'stocktake.events': (p, ctx) => listEvents(ctx.ledger.db, p),
  'stocktake.exportCsv': (p, ctx) => { ensureCosted(ctx.ledger); return varianceCsv(ctx.ledger.db, p.sessionId); },
};
