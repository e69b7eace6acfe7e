import type { GeneratedLedger } from '../generate';
import type { Figure, SectionContext } from './types';

/** What the benchmark's own sections get besides the shared context. */
export interface CoreContext extends SectionContext {
  gen: GeneratedLedger;
  /** The bundled ledger worker (dist/electron/worker.js next to dist/bench/run.js). */
  workerFile: string;
  /** Figures measured so far, by id, so baselines can be compared with what they stand against. */
  byId: Map<string, Figure>;
  /** A random instant inside the generated year (ms). */
  randomPastInstant(): number;
  randomSku(): string;
}
