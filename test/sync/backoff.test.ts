import { describe, expect, it } from 'vitest';
import { backoffCeiling, retryDelay } from '../../shared/sync/backoff';
import { parseRetryAfter } from '../../electron/sync/http';

describe('sync backoff', () => {
  const policy = { baseMs: 100, capMs: 5_000 };

  it('doubles the ceiling per failure up to the cap', () => {
    expect([1, 2, 3, 4, 7, 40].map((n) => backoffCeiling(n, policy))).toEqual([100, 200, 400, 800, 5_000, 5_000]);
  });

  it('draws the wait uniformly between zero and the ceiling (full jitter)', () => {
    expect(retryDelay(3, policy, null, () => 0)).toBe(0);
    expect(retryDelay(3, policy, null, () => 0.5)).toBe(200);
    expect(retryDelay(3, policy, null, () => 0.999)).toBe(399);
  });

  it('never retries sooner than the server\'s Retry-After', () => {
    expect(retryDelay(1, policy, 2_000, () => 0.1)).toBe(2_000);
    expect(retryDelay(9, policy, 1_000, () => 0.9)).toBe(4_500);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-03-14T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Sat, 14 Mar 2026 10:00:05 GMT', now)).toBe(5_000);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
  });
});
