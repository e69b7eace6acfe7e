import { completeSetup, setupStatus } from '../identity/setup';
import { syncEngineFor } from '../sync/registry';
import { toCommandError } from '../sync/engine';
import type { Handlers } from './handler';

export const setupHandlers: Handlers<'setup.status' | 'setup.complete'> = {
  'setup.status': (_p, ctx) => setupStatus(ctx.ledger.db),
  'setup.complete': async (p, ctx) => {
    try {
      return await completeSetup(ctx.ledger, p, ctx.now(), () => syncEngineFor(ctx.ledger), ctx.progress);
    } catch (err) {
      throw toCommandError(err);
    }
  },
};
