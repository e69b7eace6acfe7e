import type { CommandOutcome } from '../../shared/errors';
import type { ProgressEvent } from '../ledger/progress';

/** Messages between the Electron main thread (or any WorkerHost) and the ledger worker. */
export type ToWorker =
  | { type: 'call'; id: number; name: string; payload: unknown }
  | { type: 'close' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; id: number; outcome: CommandOutcome<unknown> }
  | { type: 'progress'; event: ProgressEvent }
  | { type: 'fatal'; message: string };

export interface WorkerData {
  file: string;
}
