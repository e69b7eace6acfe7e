import { z } from 'zod';
import type { Ledger } from '../../ledger/open';
import { writeTransaction } from '../../ledger/write';
import { hqRequest, type HttpOptions } from '../http';
import type { SyncConfig } from '../state';
import { markReported, unreportedParked } from './parked';

/**
 * Tells HQ what this PC parked from its pulls (POST /v1/parked), so the review list is visible at HQ too.
 * Best effort inside a round: a failure leaves the entries unreported for the next round and never
 * fails the round (the rows and stock already went through).
 */
export async function reportParked(ledger: Ledger, config: SyncConfig, http: HttpOptions): Promise<number> {
  const entries = unreportedParked(ledger.db);
  if (!entries.length) return 0;
  try {
    await hqRequest(config.serverUrl, 'POST', '/v1/parked', z.object({ recorded: z.number() }), {
      ...http, token: config.token,
      body: { entries: entries.map((e) => ({ kind: e.kind, key: e.key, reason: e.reason.slice(0, 2000), at: e.at, applied: e.applied })) },
    });
  } catch {
    return 0;
  }
  writeTransaction(ledger, () => markReported(ledger.db, entries.map((e) => e.id), http.now()));
  return entries.length;
}
