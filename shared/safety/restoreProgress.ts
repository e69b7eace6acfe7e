import type { ProgressEvent } from '../contract/ledger';

/**
 * How far a restore has got, as the Backups screen tells a manager (the host keeps the latest event of
 * each task; `app.progress` answers while the ledger is closed). The `restore` task counts its steps;
 * an older backup's upgrade reports `upgrade` and `compact` during the open, and the chain walk `verify`.
 */
export const RESTORE_STEPS = ['copy', 'open', 'verify', 'keep'] as const;
export type RestoreStep = (typeof RESTORE_STEPS)[number];

/** Every task a restore reports: the host forgets their earlier events when a restore starts. */
export const RESTORE_TASKS = ['restore', 'upgrade', 'compact', 'verify'] as const;

export interface RestorePhase {
  text: string;
  /** 0-100 where the step can say, null where it cannot (a file copy). */
  pct: number | null;
}

const share = (e: ProgressEvent | undefined) => (e && e.total > 0 ? Math.min(100, Math.floor((e.done / e.total) * 100)) : null);

export function restorePhase(tasks: ProgressEvent[]): RestorePhase {
  const of = (task: string) => tasks.find((t) => t.task === task);
  const restore = of('restore');
  if (!restore) return { text: 'Closing the ledger…', pct: null };
  const step = RESTORE_STEPS[restore.done] as RestoreStep | undefined;
  switch (step) {
    case 'copy': return { text: 'Copying the backup aside…', pct: null };
    case 'open': {
      if (of('compact')) return { text: 'Compacting the updated backup…', pct: null };
      const upgrade = of('upgrade');
      if (upgrade) return { text: 'Updating the backup to this version of the app…', pct: share(upgrade) };
      return { text: 'Opening the backup…', pct: null };
    }
    case 'verify': {
      const verify = of('verify');
      if (!verify || verify.total === 0) return { text: 'Checking every movement\'s hash chain…', pct: null };
      return { text: `Checking every movement's hash chain: ${verify.done.toLocaleString('en-GB')} of ${verify.total.toLocaleString('en-GB')} movements`, pct: share(verify) };
    }
    case 'keep': return { text: 'Keeping the file in use as a “Before a restore” backup…', pct: null };
    default: return { text: 'Opening the restored ledger…', pct: 100 };
  }
}
