import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure, SectionContext } from './types';

/**
 * Sections other concerns own; each is bundled next to run.js when its source exists. A `standalone`
 * one needs no generated ledger (it makes its own files), so it can also run alone: `--only ID`.
 */
export const OPTIONAL_SECTIONS = [
  { id: 'push', file: 'sections/push.js', about: 'sync push throughput (HQ server)' },
  { id: 'costs', file: 'sections/costs.js', about: 'FIFO re-costing', standalone: true },
  { id: 'cliImport', file: 'sections/cliImport.js', about: 'CLI import of a legacy CSV vs sqlite3 .import', standalone: true },
  // At scale 1 it takes most of an hour.
  { id: 'bigImport', file: 'sections/bigImport.js', about: 'CLI import of a 2 GB × scale CSV in under 300 MB', standalone: true },
  { id: 'uiStockList', file: 'uiStockList.js', about: 'stock list screen' },
] as const;

export interface OptionalOutcome { id: string; figures: Figure[]; skipped?: string }

/** Turns whatever a section returned into figures: an array of figures, or an object of numbers. */
export function normaliseFigures(id: string, out: unknown): Figure[] {
  const list = Array.isArray(out) ? out : out && typeof out === 'object' && Array.isArray((out as { figures?: unknown }).figures) ? (out as { figures: unknown[] }).figures : null;
  if (list) {
    return list.filter((f): f is Figure => !!f && typeof f === 'object' && typeof (f as Figure).name === 'string')
      .map((f, i) => ({ ...f, id: f.id ?? `${id}.${i}`, unit: f.unit ?? '' }));
  }
  if (out && typeof out === 'object') {
    return Object.entries(out as Record<string, unknown>).filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => ({ id: `${id}.${k}`, name: `${id}: ${k}`, unit: '', value: v as number }));
  }
  return [];
}

/**
 * Runs one optional section if its bundle exists. A missing or failing section never stops the
 * benchmark: it is reported as skipped, with the reason.
 */
export async function runOptional(baseDir: string, section: (typeof OPTIONAL_SECTIONS)[number], ctx: SectionContext): Promise<OptionalOutcome> {
  const path = join(baseDir, section.file);
  if (!existsSync(path)) return { id: section.id, figures: [], skipped: `${section.file} not built (its source does not exist yet)` };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod = require(path) as Record<string, unknown>;
    const fn = (typeof mod.run === 'function' ? mod.run : typeof mod.default === 'function' ? mod.default
      : (mod.default as Record<string, unknown> | undefined)?.run) as ((c: SectionContext) => unknown) | undefined;
    if (typeof fn !== 'function') return { id: section.id, figures: [], skipped: `${section.file} exports no run(ctx) function` };
    const figures = normaliseFigures(section.id, await fn(ctx));
    if (figures.length === 0) return { id: section.id, figures, skipped: `${section.file} returned no figures` };
    return { id: section.id, figures };
  } catch (err) {
    return { id: section.id, figures: [], skipped: `${section.file} failed: ${(err as Error).message}` };
  }
}
