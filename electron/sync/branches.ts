import type { Database } from 'better-sqlite3';
import { branchesResponse, type HqBranch } from '../../shared/sync/protocol';
import { isoOf } from '../../shared/domain/time';
import type { Ledger } from '../ledger/open';
import { writeTransaction } from '../ledger/write';
import { hqRequest, type HttpOptions } from './http';
import { getMeta, KEYS, setMeta, type SyncConfig } from './state';

export interface KnownBranches { branches: HqBranch[]; fetchedAt: string }

/**
 * Asks HQ for its branches and keeps the answer in meta, so the transfer form offers them offline.
 * Called at the end of each round; a failure keeps the list from the last round (an older HQ without
 * the route leaves the form on free text), and never fails the round that already pushed and pulled.
 */
export async function refreshBranches(ledger: Ledger, config: SyncConfig, http: HttpOptions): Promise<KnownBranches | null> {
  try {
    const { body } = await hqRequest(config.serverUrl, 'GET', '/v1/branches', branchesResponse, { ...http, token: config.token });
    const known = { branches: body.branches, fetchedAt: isoOf(http.now()) };
    if (ledger.db.open) writeTransaction(ledger, () => setMeta(ledger.db, KEYS.hqBranches, JSON.stringify(known)));
    return known;
  } catch {
    return null;
  }
}

/** HQ's branches as last fetched (own branch left out), or null when this PC never got the list. */
export function knownBranches(db: Database, own: string | null): KnownBranches | null {
  const raw = getMeta(db, KEYS.hqBranches);
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as KnownBranches;
    return { branches: parsed.branches.filter((b) => b.code !== own), fetchedAt: parsed.fetchedAt };
  } catch {
    return null;
  }
}
