// Test helpers: a private queue prefix per test file on the real Redis, removed afterwards.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

export function testPrefix(): string {
  return `{keyshift-test-${randomBytes(4).toString('hex')}}`;
}

export function testRedis(role: 'worker' | 'producer' = 'worker'): Redis {
  return new Redis(process.env.REDIS_URL || 'redis://127.0.0.1:6379', {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
  });
}

/** Deletes every key under the prefix (queues and store). */
export async function dropPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

export async function until<T>(fn: () => Promise<T | undefined | false>, ms = 10_000, step = 50): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, step));
  }
}
