import { passes } from './measure';
import type { Figure } from './sections/types';

const fmt = (v: number | undefined): string => {
  if (v === undefined || !Number.isFinite(v)) return '';
  const a = Math.abs(v);
  if (a >= 100_000) return Math.round(v).toLocaleString('en');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  return v.toFixed(3);
};

const times = (t: number) => (t >= 10 ? `${Math.round(t).toLocaleString('en')}×` : `${t.toFixed(1)}×`);
/** "215× faster than naive SUM" or, when the baseline wins, "12× slower than mutable counter". */
const ratioText = (r: { vs: string; times: number; size?: boolean }) => (!Number.isFinite(r.times) ? `? vs ${r.vs}`
  : r.times >= 1 ? `${times(r.times)} ${r.size ? 'smaller' : 'faster'} than ${r.vs}` : `${times(1 / r.times)} ${r.size ? 'larger' : 'slower'} than ${r.vs}`);

function targetText(f: Figure): string {
  if (!f.target) return '';
  return `${f.target.stat === 'p95' ? 'p95 ' : ''}${f.target.op === '<=' ? '≤' : '≥'} ${fmt(f.target.limit)}`;
}

export function tableRows(figures: Figure[]): string[][] {
  return figures.map((f) => {
    const pass = passes(f);
    const value = f.p95 === undefined ? fmt(f.value) : '';
    return [
      f.name, fmt(f.p50), fmt(f.p95), fmt(f.p99), value, f.unit, targetText(f),
      (f.ratios ?? []).map(ratioText).join('; '),
      pass === null ? '' : pass ? 'pass' : 'MISS',
    ];
  });
}

const HEADER = ['measure', 'p50', 'p95', 'p99', 'value', 'unit', 'target', 'ratio vs baseline', 'result'];

/** A plain-text table for the terminal. */
export function formatTable(figures: Figure[]): string {
  const rows = [HEADER, ...tableRows(figures)];
  const widths = HEADER.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const numeric = new Set([1, 2, 3, 4]);
  const line = (r: string[]) => r.map((v, c) => (numeric.has(c) ? v.padStart(widths[c]!) : v.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(rows[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** The same table in Markdown (for bench/RESULTS.md and the README). */
export function formatMarkdown(figures: Figure[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  return [`| ${HEADER.join(' | ')} |`, `|${HEADER.map(() => '---').join('|')}|`, ...tableRows(figures).map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}
