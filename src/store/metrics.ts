// Pipeline counters and the push-to-revoke histogram, kept in Redis so any number of worker
// processes on any machine add to one set of figures that `keyshift serve` exposes.
import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX } from '../queue/names.ts';

export const COUNTERS = {
  bytes_scanned: 'Bytes of blobs, logs and configs scanned',
  blobs_scanned: 'Unique blobs scanned',
  findings: 'Secret sightings recorded',
  revocations: 'Credentials revoked or deactivated at their issuer',
  repos_scanned: 'Repository scan jobs completed',
  webhooks: 'Webhook deliveries accepted',
} as const;
export type CounterName = keyof typeof COUNTERS;

/** Seconds; the target is p95 <= 5 s. */
export const LATENCY_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 10, 30, 60, 300];

export class PipelineMetrics {
  private readonly key: string;

  constructor(private readonly redis: Redis, prefix = process.env.KEYSHIFT_QUEUE_PREFIX || DEFAULT_PREFIX) {
    this.key = `${prefix}:metrics`;
  }

  async inc(name: CounterName, by = 1): Promise<void> {
    if (by) await this.redis.hincrbyfloat(this.key, `c:${name}`, by);
  }

  async observeLatency(seconds: number): Promise<void> {
    const tx = this.redis.multi();
    for (const b of LATENCY_BUCKETS) if (seconds <= b) tx.hincrby(this.key, `h:le:${b}`, 1);
    tx.hincrby(this.key, 'h:count', 1);
    tx.hincrbyfloat(this.key, 'h:sum', seconds);
    await tx.exec();
  }

  async read(): Promise<{ counters: Record<CounterName, number>; buckets: [number, number][]; count: number; sum: number }> {
    const raw = await this.redis.hgetall(this.key);
    const num = (k: string) => Number(raw[k] ?? 0);
    const counters = Object.fromEntries(Object.keys(COUNTERS).map((n) => [n, num(`c:${n}`)])) as Record<CounterName, number>;
    return { counters, buckets: LATENCY_BUCKETS.map((b) => [b, num(`h:le:${b}`)]), count: num('h:count'), sum: num('h:sum') };
  }
}
