import type { LedgerHost } from '../../electron/host/inProcessHost';

/**
 * What every benchmark section returns: one row of the results table each. A latency figure fills
 * p50/p95/p99 (milliseconds); a throughput, size or duration fills `value` with its `unit`.
 * Sections written by other concerns (bench/sections/push.ts, costs.ts, bench/uiStockList.ts) export
 * `run(ctx: SectionContext): Promise<Figure[]>` and are loaded only if they exist.
 */
export interface Figure {
  /** Stable key for the JSON file (e.g. "stock.get.now"). */
  id: string;
  /** What was measured, as the table shows it. */
  name: string;
  unit: string;
  p50?: number;
  p95?: number;
  p99?: number;
  value?: number;
  samples?: number;
  /** The target, checked against p95 (latency) or value. Targets are set for --scale 1. */
  target?: Target;
  /** Ratios against the baselines measured in the same run (baseline ÷ ours: above 1 means we are faster). */
  ratios?: Ratio[];
  note?: string;
}

export interface Target {
  stat: 'p95' | 'value';
  op: '<=' | '>=';
  limit: number;
}

export interface Ratio {
  vs: string;
  /** How many times faster than the baseline (baseline p95 ÷ ours p95); below 1 means slower. */
  times: number;
  /** A size, not a time: the table says "larger"/"smaller" instead of "slower"/"faster". */
  size?: boolean;
}

export interface SectionContext {
  /** --scale as given (1 = 40,000 items, 5,000,000 movements). */
  scale: number;
  /** The generated branch ledger file (already filled). */
  ledgerFile: string;
  /** The command layer bound to that file, in this thread. */
  host: LedgerHost;
  /** A scratch directory for sibling files; removed at the end of the run. */
  workDir: string;
  /** Every SKU of the catalogue, and the one with the most movements. */
  skus: string[];
  busiestSku: string;
  /** PostgreSQL, when TEST_DATABASE_URL or DATABASE_URL is set. */
  pgUrl: string | null;
  /** Deterministic randomness for the section. */
  random(): number;
  /** A progress line on stderr. */
  progress(task: string, done: number, total: number): void;
  /** How many samples to take for something that takes `full` samples at scale 1. */
  samples(full: number): number;
}

export type Section = (ctx: SectionContext) => Promise<Figure[]>;
