import type { LedgerHost } from '../host/inProcessHost';
import { syncEngineFor } from '../sync/registry';
import { SyncScheduler } from '../sync/scheduler';
import { dailyBackupIfDue } from '../safety/backup';

/**
 * Housekeeping that runs in the ledger worker without anyone asking: expired holds are released by
 * appended movements; and the sync scheduler (idle until the device is enrolled with HQ).
 */
export function startBackgroundJobs(host: LedgerHost, everyMs = 60_000): () => void {
  const expire = () => void host.call('reservations.expire', {});
  expire();
  const timer = setInterval(expire, everyMs);
  timer.unref();
  // The daily backup: checked at start and every hour (a failure, e.g. a USB stick pulled out, is retried next hour).
  const backup = () => void dailyBackupIfDue(host.ledger).catch(() => undefined);
  backup();
  const backupTimer = setInterval(backup, 3600_000);
  backupTimer.unref();
  const sync = new SyncScheduler(syncEngineFor(host.ledger), {}, host.ctx.progress);
  sync.start();
  return () => {
    clearInterval(timer);
    clearInterval(backupTimer);
    void sync.stop();
  };
}
