/**
 * Retry delays for the sync scheduler: exponential backoff with full jitter (a uniformly random wait
 * between 0 and the exponential ceiling), so a hundred shop PCs coming back online after an HQ outage
 * do not knock on its door in the same second. A server's Retry-After is a floor, never shortened.
 */
export interface BackoffPolicy {
  baseMs: number;
  capMs: number;
}

export function backoffCeiling(attempt: number, policy: BackoffPolicy): number {
  return Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
}

export function retryDelay(attempt: number, policy: BackoffPolicy, retryAfterMs: number | null, random: () => number = Math.random): number {
  const jittered = Math.floor(random() * backoffCeiling(attempt, policy));
  return retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs);
}
