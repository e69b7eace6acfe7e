import type { SyncStatus } from '../../shared/contract/sync';
import { isoOf } from '../../shared/domain/time';
import type { Ledger } from '../ledger/open';
import { DEFAULT_SYNC_OPTIONS } from './engine';
import { divergence } from './divergenceState';
import { existingSyncEngine } from './registry';
import { getMeta, getNumber, headSeq, KEYS, negativeStock, quarantinedRows, readConfig, recentErrors } from './state';

function describeSkew(skewMs: number, warnMs: number): string | null {
  if (Math.abs(skewMs) < warnMs) return null;
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  const amount = minutes >= 120 ? `${Math.round(minutes / 60)} hours` : `${minutes} minutes`;
  return `This PC's clock is ${amount} ${skewMs > 0 ? 'behind' : 'ahead of'} HQ. Correct the date and time in the PC's settings; sales are still recorded and synced in the right order.`;
}

/**
 * What the status bar and the sync screen show. Persistent parts come from meta (so the CLI sees them
 * too); progress and the next attempt only exist in the process that runs the scheduler.
 */
export function syncStatus(ledger: Ledger): SyncStatus {
  const { db, deviceId } = ledger;
  const engine = existingSyncEngine(ledger);
  const config = readConfig(ledger);
  const head = headSeq(db, deviceId);
  const acked = getNumber(db, KEYS.ackedSeq);
  const online = getMeta(db, KEYS.online);
  const skew = getMeta(db, KEYS.skewMs);
  const at = (key: typeof KEYS.lastSuccessAt | typeof KEYS.lastAttemptAt) => {
    const v = getMeta(db, key);
    return v === null ? null : isoOf(Number(v));
  };
  return {
    configured: config !== null,
    serverUrl: config?.serverUrl ?? null,
    branch: config?.branch ?? null,
    deviceId,
    online: online === null ? null : online === '1',
    running: engine?.running ?? false,
    pending: Math.max(0, head - acked),
    ackedSeq: acked,
    headSeq: head,
    lastSuccessAt: at(KEYS.lastSuccessAt),
    lastAttemptAt: at(KEYS.lastAttemptAt),
    lastError: getMeta(db, KEYS.lastError),
    recentErrors: recentErrors(db),
    clockSkewMs: skew === null ? null : Number(skew),
    clockWarning: skew === null ? null : describeSkew(Number(skew), engine?.options.skewWarnMs ?? DEFAULT_SYNC_OPTIONS.skewWarnMs),
    progress: engine?.progress ?? null,
    nextAttemptAt: engine?.nextAttemptAt ? isoOf(engine.nextAttemptAt) : null,
    quarantined: quarantinedRows(db),
    negativeStock: negativeStock(db),
    diverged: divergence(db),
    scheduler: engine?.describeScheduler?.() ?? null,
  };
}
