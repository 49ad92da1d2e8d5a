/**
 * Token buckets by key: each key may spend `burst` at once, refilled at `perSecond`. In memory,
 * per instance: behind a load balancer, put a limiter there for limits across instances.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number; refusedInARow: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Spends a token: null if there was one, otherwise how many seconds until there is. */
  take(key: string): number | null {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, at: now, refusedInARow: 0 };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.refusedInARow = 0;
      return null;
    }
    bucket.refusedInARow += 1;
    return Math.ceil((1 - bucket.tokens) / this.perSecond);
  }

  /** Refusals since the key last had a token: 1 on the first, so a caller can say so once, not every time. */
  refusedInARow(key: string): number {
    return this.buckets.get(key)?.refusedInARow ?? 0;
  }

  /** Forgets buckets that have filled up again, so the map does not grow with every address ever seen. */
  prune(): void {
    const now = this.now();
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}
