import type { LedgerMovement } from '../../shared/movements/row';
import type { DriftRow } from '../../shared/contract/ledger';
import type { Ledger } from './open';
import type { ProgressListener } from './progress';

/**
 * Derived projections other concerns keep beside the core caches (e.g. FIFO costs) register here
 * instead of being wired into append/rebuild/check by hand. Hooks run inside the caller's write
 * transaction, after the movements and the core caches are written.
 */
export type AfterAppendHook = (ledger: Ledger, appended: LedgerMovement[]) => void;
export type RebuildHook = (ledger: Ledger, onProgress: ProgressListener) => void;
export type CheckHook = (ledger: Ledger, onProgress: ProgressListener) => DriftRow[];

const afterAppend: AfterAppendHook[] = [];
const rebuilds: RebuildHook[] = [];
const checks: CheckHook[] = [];

const add = <T>(list: T[], h: T) => { if (!list.includes(h)) list.push(h); };
export const onAfterAppend = (h: AfterAppendHook): void => add(afterAppend, h);
export const onRebuild = (h: RebuildHook): void => add(rebuilds, h);
export const onCheck = (h: CheckHook): void => add(checks, h);

export function runAfterAppend(ledger: Ledger, appended: LedgerMovement[]): void {
  if (appended.length > 0) for (const h of afterAppend) h(ledger, appended);
}
export function runRebuildHooks(ledger: Ledger, onProgress: ProgressListener): void {
  for (const h of rebuilds) h(ledger, onProgress);
}
export function runCheckHooks(ledger: Ledger, onProgress: ProgressListener): DriftRow[] {
  return checks.flatMap((h) => h(ledger, onProgress));
}
