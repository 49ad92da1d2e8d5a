import { TokenBuckets } from './token-buckets';

describe(TokenBuckets.name, () => {
  it('lets a burst through, then refuses with the seconds until the next token, then refills', () => {
    let now = 0;
    const buckets = new TokenBuckets(2, 3, () => now);
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([null, null, null]);
    expect(buckets.take('a')).toBe(1);
    expect(buckets.take('b')).toBeNull();
    now += 500;
    expect(buckets.take('a')).toBeNull();
    expect(buckets.take('a')).toBe(1);
    now += 10_000;
    expect([buckets.take('a'), buckets.take('a'), buckets.take('a'), buckets.take('a')]).toEqual([null, null, null, 1]);
  });

  it('counts refusals in a row until a token is spent again, and forgets buckets that have refilled', () => {
    let now = 0;
    const buckets = new TokenBuckets(1, 1, () => now);
    expect(buckets.take('a')).toBeNull();
    expect([buckets.take('a'), buckets.take('a')]).toEqual([1, 1]);
    expect(buckets.refusedInARow('a')).toBe(2);
    now += 1000;
    buckets.prune();
    expect(buckets.refusedInARow('a')).toBe(0);
    expect(buckets.take('a')).toBeNull();
    expect(buckets.take('a')).toBe(1);
    expect(buckets.refusedInARow('a')).toBe(1);
    now += 500;
    buckets.prune();
    expect(buckets.refusedInARow('a')).toBe(1);
  });
});
