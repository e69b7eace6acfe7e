import type { ProgressEvent } from '../ledger/progress';
import { escapeHtml } from './startupPage';

/** The schema upgrade's two phases, by the task names the migration reports (leanRows.ts, migrations.ts). */
export type UpgradePhase = 'upgrade' | 'compact';

export interface UpgradeStatus {
  phase: UpgradePhase;
  done: number;
  total: number;
  /** When this phase reported first (ms): the page shows how long it has been working, a sign of life at 99 %. */
  phaseStartedAt: number;
}

const PHASES: readonly { phase: UpgradePhase; name: string }[] = [
  { phase: 'upgrade', name: 'Upgrading the movements' },
  { phase: 'compact', name: 'Compacting the file' },
];

/** Seconds between reloads: the page has no script, so it asks main for the latest progress this way. */
const UPGRADE_PAGE_REFRESH_SECONDS = 1;

/**
 * The upgrade's status after one more progress event from the opening ledger; `previous` unchanged for
 * any other task (the costing catch-up, say), which the upgrade page does not show.
 */
export function followUpgrade(previous: UpgradeStatus | null, event: ProgressEvent, now: number): UpgradeStatus | null {
  if (event.task !== 'upgrade' && event.task !== 'compact') return previous;
  const phaseStartedAt = previous?.phase === event.task ? previous.phaseStartedAt : now;
  return { phase: event.task, done: event.done, total: event.total, phaseStartedAt };
}

/** Whole percent, never 100 before the phase is done; null when the phase gives no measure (VACUUM: 0 of 1 until it ends). */
export function upgradePercent(status: Pick<UpgradeStatus, 'done' | 'total'>): number | null {
  if (status.total > 0 && status.done >= status.total) return 100;
  if (status.total <= 1) return null;
  return Math.floor((100 * Math.max(0, status.done)) / status.total);
}

/** "45 s", "2 min 05 s", "1 h 03 min": how long the current phase has been running. */
export function elapsedText(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, '0')} s`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function stepHtml(step: (typeof PHASES)[number], index: number, status: UpgradeStatus, now: number): string {
  const current = PHASES.findIndex((p) => p.phase === status.phase);
  const title = `<span class="name">${index + 1}. ${step.name}</span>`;
  if (index < current) return `<li class="done">${title}<span class="state">Done</span></li>`;
  if (index > current) return `<li class="next">${title}<span class="state">Next</span></li>`;
  const percent = upgradePercent(status);
  if (percent === 100) return `<li class="done">${title}<span class="state">Done</span></li>`;
  const sofar = elapsedText(now - status.phaseStartedAt);
  // A phase without a measure gets a moving bar and the time so far rather than a percentage stuck at 0.
  const state = percent === null ? `Working (${sofar} so far)` : `${percent}% (${sofar} so far)`;
  const bar = percent === null
    ? `<progress aria-label="${step.name}"></progress>`
    : `<progress aria-label="${step.name}" max="100" value="${percent}">${percent}%</progress>`;
  return `<li class="current" aria-current="step">${title}<span class="state">${state}</span>${bar}</li>`;
}

/**
 * The page main shows while the ledger file is upgraded for a new version, before the app can open:
 * what is happening, how far each phase is, and not to switch the PC off. Static HTML (no script, the
 * start-up page's CSP); it reloads itself and main serves it from the latest progress each time.
 */
export function upgradePage(status: UpgradeStatus, info: { now: number; version: string }): string {
  const finished = status.phase === PHASES[PHASES.length - 1]!.phase && upgradePercent(status) === 100;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${UPGRADE_PAGE_REFRESH_SECONDS}">
<title>Stock Ledger is updating</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; background: #f6f7f9; color: #1f2933; }
  main { max-width: 640px; margin: 64px auto; background: #fff; border: 1px solid #d9dee4; border-radius: 8px; padding: 32px 40px; }
  h1 { font-size: 22px; margin: 0 0 8px; }
  ol { list-style: none; padding: 0; margin: 24px 0; }
  li { display: grid; grid-template-columns: 1fr auto; gap: 6px 16px; padding: 12px 0; border-top: 1px solid #e4e7eb; }
  li:last-child { border-bottom: 1px solid #e4e7eb; }
  .name { font-weight: 600; }
  .state { color: #52606d; font-variant-numeric: tabular-nums; }
  .done .state { color: #2f7d4f; }
  .next { color: #7b8794; }
  .next .name { font-weight: 400; }
  progress { grid-column: 1 / -1; width: 100%; height: 12px; }
  .keep-on { background: #fff8e6; border: 1px solid #f0d58c; border-radius: 6px; padding: 12px 16px; }
  .detail { color: #52606d; font-size: 13px; margin-bottom: 0; }
</style></head>
<body><main>
  <h1>${finished ? 'Opening Stock Ledger…' : 'Updating the ledger file'}</h1>
  <p>Stock Ledger is updating this PC's ledger file for the new version. This happens once; a large file can take a few minutes.</p>
  <ol>
    ${PHASES.map((step, i) => stepHtml(step, i, status, info.now)).join('\n    ')}
  </ol>
  <p class="keep-on"><strong>Do not switch the PC off.</strong> Stock Ledger opens by itself when it is done.</p>
  <p class="detail">Stock Ledger ${escapeHtml(info.version)}</p>
</main></body></html>
`;
}
