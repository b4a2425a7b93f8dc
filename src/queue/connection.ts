// Redis connections. Producers fail fast (no offline queue); workers wait for Redis forever.
import { Redis } from 'ioredis';

export function redisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

export type Role = 'producer' | 'worker' | 'store';

export function connect(role: Role, url = redisUrl()): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: role === 'worker' ? null : 3,
    enableOfflineQueue: role !== 'producer',
    connectionName: `keyshift-${role}`,
    lazyConnect: false,
  });
  // Errors surface on commands; the event handler only keeps the process from crashing.
  redis.on('error', () => {});
  return redis;
}
