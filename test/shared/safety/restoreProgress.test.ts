import { describe, expect, it } from 'vitest';
import { RESTORE_STEPS, restorePhase } from '../../../shared/safety/restoreProgress';

const step = (name: (typeof RESTORE_STEPS)[number]) => ({ task: 'restore', done: RESTORE_STEPS.indexOf(name), total: RESTORE_STEPS.length });

describe('what the Backups screen says while a backup is restored', () => {
  it('names each step in order, with a share where the step can tell', () => {
    expect(restorePhase([])).toEqual({ text: 'Closing the ledger…', pct: null });
    expect(restorePhase([step('copy')])).toEqual({ text: 'Copying the backup aside…', pct: null });
    expect(restorePhase([step('open')])).toEqual({ text: 'Opening the backup…', pct: null });
    expect(restorePhase([step('open'), { task: 'upgrade', done: 0, total: 0 }])).toEqual({ text: 'Updating the backup to this version of the app…', pct: null });
    expect(restorePhase([step('open'), { task: 'upgrade', done: 300, total: 1000 }])).toEqual({ text: 'Updating the backup to this version of the app…', pct: 30 });
    expect(restorePhase([step('open'), { task: 'upgrade', done: 1000, total: 1000 }, { task: 'compact', done: 0, total: 1 }]).text).toBe('Compacting the updated backup…');
    expect(restorePhase([step('verify'), { task: 'verify', done: 1_250_000, total: 5_000_000 }]))
      .toEqual({ text: 'Checking every movement\'s hash chain: 1,250,000 of 5,000,000 movements', pct: 25 });
    expect(restorePhase([step('keep')]).text).toBe('Keeping the file in use as a “Before a restore” backup…');
    expect(restorePhase([{ task: 'restore', done: 4, total: 4 }])).toEqual({ text: 'Opening the restored ledger…', pct: 100 });
  });

  it('reads the chain walk only once the restore has got to it', () => {
    // A verify event before the walk started cannot be this restore's (the host forgets earlier ones).
    expect(restorePhase([step('copy'), { task: 'verify', done: 5, total: 5 }]).text).toBe('Copying the backup aside…');
    expect(restorePhase([step('verify')])).toEqual({ text: 'Checking every movement\'s hash chain…', pct: null });
  });
});
