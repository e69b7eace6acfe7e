import type { LedgerHost } from '../host/inProcessHost';

/**
 * Housekeeping that runs in the ledger worker without anyone asking: expired holds are released by
 * appended movements. (Sync's own scheduler is started from here too once the device is enrolled.)
 */
export function startBackgroundJobs(host: LedgerHost, everyMs = 60_000): () => void {
  const expire = () => void host.call('reservations.expire', {});
  expire();
  const timer = setInterval(expire, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
