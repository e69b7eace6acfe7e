import { installConflictHook } from '../sync/conflicts';
import { toCommandError } from '../sync/engine';
import { syncEngineFor } from '../sync/registry';
import { syncStatus } from '../sync/status';
import type { Handlers } from './handler';

// Offline conflicts are settled after every append, in its transaction (shared/sync/conflicts.ts).
installConflictHook();

export const syncHandlers: Handlers<'sync.configure' | 'sync.status' | 'sync.now' | 'sync.recover'> = {
  'sync.configure': (p, ctx) => syncEngineFor(ctx.ledger).configure(p.serverUrl, p.enrollmentCode, p.deviceName),
  'sync.status': (_p, ctx) => syncStatus(ctx.ledger),
  'sync.recover': async (p, ctx) => {
    try {
      return await syncEngineFor(ctx.ledger).recover(p.actor, ctx.progress);
    } catch (err) {
      throw toCommandError(err);
    }
  },
  'sync.now': async (_p, ctx) => {
    try {
      return await syncEngineFor(ctx.ledger).round(ctx.progress);
    } catch (err) {
      throw toCommandError(err);
    }
  },
};
