import type { Ledger } from '../ledger/open';
import { SyncEngine, type SyncOptions } from './engine';

/**
 * One engine per open ledger in this process, shared by the scheduler and the sync commands, so
 * "one loop at a time" holds between them. Tests pass short timeouts and small batches on first use.
 */
const engines = new WeakMap<Ledger, SyncEngine>();

export function syncEngineFor(ledger: Ledger, options?: Partial<SyncOptions>): SyncEngine {
  let engine = engines.get(ledger);
  if (!engine) {
    engine = new SyncEngine(ledger, options);
    engines.set(ledger, engine);
  } else if (options) {
    Object.assign(engine.options, options);
  }
  return engine;
}

export function existingSyncEngine(ledger: Ledger): SyncEngine | undefined {
  return engines.get(ledger);
}
