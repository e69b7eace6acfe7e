import { scheduleCosting } from '../costs/hooks';
import type { LedgerHost } from '../host/inProcessHost';
import { syncEngineFor } from '../sync/registry';
import { SyncScheduler } from '../sync/scheduler';
import { dailyBackupIfDue } from '../safety/backup';

/**
 * Housekeeping that runs in the ledger worker without anyone asking: expired holds are released by
 * appended movements; FIFO costing left behind by another process, a crash or a rebuild is worked
 * off in slices; and the sync scheduler (idle until the device is enrolled with HQ).
 */
export function startBackgroundJobs(host: LedgerHost, everyMs = 60_000): () => Promise<void> {
  const expire = () => void host.call('reservations.expire', {});
  expire();
  scheduleCosting(host.ledger, host.ctx.progress);
  const timer = setInterval(expire, everyMs);
  timer.unref();
  // The daily backup: checked at start and every hour (a failure, e.g. a USB stick pulled out, is retried next hour).
  const backup = () => void dailyBackupIfDue(host.ledger).catch(() => undefined);
  backup();
  const backupTimer = setInterval(backup, 3600_000);
  backupTimer.unref();
  const sync = new SyncScheduler(syncEngineFor(host.ledger), {}, host.ctx.progress);
  sync.start();
  // Stopping waits for a sync round in flight, so quitting never closes the ledger under it.
  return async () => {
    clearInterval(timer);
    clearInterval(backupTimer);
    await sync.stop();
  };
}
