import { ALARM_BUCKETS, alarmBucket, shardLockKey, shardOf } from './deadline-clock';

describe('deadline clock shards', () => {
  // Codes as the desk issues them: one agency, one day, a running number — the storm's shape.
  const codes = Array.from({ length: 4000 }, (_, i) => `000.00.10.H56-261202-${String(i + 1).padStart(4, '0')}`);

  it('spreads one agency-day of codes evenly over the shards', () => {
    for (const shards of [2, 3, 4, 8]) {
      const counts = new Array<number>(shards).fill(0);
      for (const code of codes) counts[shardOf(code, shards).shard]++;
      const even = codes.length / shards;
      for (const n of counts) expect(Math.abs(n - even) / even).toBeLessThan(0.15);
    }
  });

  it('gives a code the same bucket every time, inside the bucket range', () => {
    for (const code of codes.slice(0, 50)) {
      expect(alarmBucket(code)).toBe(alarmBucket(`${code}`));
      expect(alarmBucket(code)).toBeGreaterThanOrEqual(0);
      expect(alarmBucket(code)).toBeLessThan(ALARM_BUCKETS);
    }
    // FNV-1a 32-bit of "a" is 0xe40c292c (the published test vector), so its bucket is that mod 4096.
    expect(alarmBucket('a')).toBe(0xe40c292c % ALARM_BUCKETS);
  });

  it('gives every shard of every count its own lock key', () => {
    const keys = [1, 2, 3, 4, 8, 256].flatMap((shards) => Array.from({ length: shards }, (_, shard) => shardLockKey({ shard, shards })));
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(k).toBeLessThan(2 ** 31); // an int4 for pg_advisory_xact_lock(int, int)
  });
});
