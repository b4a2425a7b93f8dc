// Prometheus exposition: queue depth read live from BullMQ, pipeline counters and the
// push-to-revoke histogram read from Redis (written by every worker), plus process metrics.
import { Registry, Gauge, collectDefaultMetrics } from 'prom-client';
import type { Queue } from 'bullmq';
import { COUNTERS, type PipelineMetrics } from '../store/metrics.ts';

const STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized', 'waiting-children'] as const;

export function createMetrics(queues: () => Queue[], pipeline: PipelineMetrics) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'keyshift_' });
  new Gauge({
    name: 'keyshift_queue_jobs',
    help: 'Jobs per queue and state',
    labelNames: ['queue', 'state'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const q of queues()) {
        const counts = await q.getJobCounts(...STATES);
        for (const s of STATES) this.set({ queue: q.name, state: s }, counts[s] ?? 0);
      }
    },
  });

  async function text(): Promise<string> {
    const base = await registry.metrics();
    const m = await pipeline.read();
    const lines: string[] = [];
    for (const [name, help] of Object.entries(COUNTERS)) {
      lines.push(`# HELP keyshift_${name}_total ${help}`, `# TYPE keyshift_${name}_total counter`, `keyshift_${name}_total ${m.counters[name as keyof typeof COUNTERS]}`);
    }
    const h = 'keyshift_push_to_revoke_seconds';
    lines.push(`# HELP ${h} Time from webhook receipt to revocation at the issuer`, `# TYPE ${h} histogram`);
    for (const [le, n] of m.buckets) lines.push(`${h}_bucket{le="${le}"} ${n}`);
    lines.push(`${h}_bucket{le="+Inf"} ${m.count}`, `${h}_sum ${m.sum}`, `${h}_count ${m.count}`);
    return `${base}\n${lines.join('\n')}\n`;
  }

  return { contentType: registry.contentType, text };
}
