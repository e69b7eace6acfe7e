/**
 * A token bucket per client address, in memory (one HQ process). Each request takes a token; tokens
 * come back at `perMinute`; an empty bucket answers how many seconds until the next token.
 */
export interface RateLimitOptions { burst: number; perMinute: number }

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(private readonly options: RateLimitOptions) {}

  /** null when allowed; otherwise seconds to wait (for Retry-After). */
  take(key: string, now = Date.now()): number | null {
    const { burst, perMinute } = this.options;
    const perMs = perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + (now - b.at) * perMs);
    b.at = now;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.prune(now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return null;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / perMs / 1000));
  }

  /** Forgets buckets that are full again (they behave exactly like a new one). */
  private prune(now: number): void {
    const perMs = this.options.perMinute / 60_000;
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * perMs >= this.options.burst) this.buckets.delete(k);
  }
}
