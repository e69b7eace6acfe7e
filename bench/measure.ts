import type { Figure, Target } from './sections/types';

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export interface Latency { p50: number; p95: number; p99: number; samples: number }

export function summarise(ms: number[]): Latency {
  const sorted = [...ms].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), samples: sorted.length };
}

/**
 * Times `fn` `n` times (after a short warm-up that is not counted) and returns p50/p95/p99 in ms.
 * Async functions are awaited inside the timed span: the command layer's own promise is part of its cost.
 */
export async function timeEach(n: number, fn: (i: number) => unknown, warmup = Math.min(50, Math.ceil(n / 10)), onProgress?: (done: number) => void): Promise<Latency> {
  for (let i = 0; i < warmup; i++) await fn(-1 - i);
  const ms = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const r = fn(i);
    if (r instanceof Promise) await r;
    ms[i] = performance.now() - t0;
    if (onProgress && i % 500 === 0) onProgress(i);
  }
  return summarise(ms);
}

export async function timeOnce<T>(fn: () => T | Promise<T>): Promise<{ ms: number; result: T }> {
  const t0 = performance.now();
  const result = await fn();
  return { ms: performance.now() - t0, result };
}

export function latencyFigure(id: string, name: string, l: Latency, extra: Partial<Figure> = {}): Figure {
  return { id, name, unit: 'ms', p50: l.p50, p95: l.p95, p99: l.p99, samples: l.samples, ...extra };
}

/** p95 target (ms, at most) */
export const atMost = (limit: number, stat: Target['stat'] = 'p95'): Target => ({ stat, op: '<=', limit });
export const atLeast = (limit: number, stat: Target['stat'] = 'value'): Target => ({ stat, op: '>=', limit });

export function passes(f: Figure): boolean | null {
  if (!f.target) return null;
  const v = f.target.stat === 'p95' ? f.p95 : f.value;
  if (v === undefined || !Number.isFinite(v)) return false;
  return f.target.op === '<=' ? v <= f.target.limit : v >= f.target.limit;
}

/** The headline number of a figure: p95 for latencies, value otherwise. */
export function headline(f: Figure): number | undefined {
  return f.p95 ?? f.value;
}

/** Baseline ÷ ours (p95 against p95): how many times faster our design is. */
export function ratioOf(ours: Figure, baseline: Figure | undefined, vs: string): Figure['ratios'] {
  const a = ours.p95 ?? ours.value;
  const b = baseline?.p95 ?? baseline?.value;
  if (!a || b === undefined || !Number.isFinite(a) || !Number.isFinite(b)) return ours.ratios;
  return [...(ours.ratios ?? []), { vs, times: b / a }];
}
