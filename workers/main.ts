// `keyshift worker --queues a,b`: one BullMQ Worker per selected queue (verify and revoke: one per
// issuer, each with that issuer's limiter), on any number of machines sharing one Redis.
// SIGTERM/SIGINT: stop taking jobs, wait for active ones up to a bound, then force-close.
import { Worker, type WorkerOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { queueName, PER_ISSUER, type Stage } from '../src/queue/names.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import type { PipelineConfig } from '../src/pipeline/config.ts';
import { builtins } from '../src/issuers/index.ts';
import { sanitize } from '../src/log.ts';
import type { Processor } from './process.ts';
import { events } from './events.ts';
import { enumerate } from './enumerate.ts';
import { scan } from './scan.ts';
import { verify } from './verify.ts';
import { revoke } from './revoke.ts';
import { report } from './report.ts';
import { remediate } from './remediate.ts';

export interface RunningWorkers {
  workers: Worker[];
  close(timeoutMs?: number): Promise<void>;
}

/** Issuer limiter: at most one call per minIntervalMs, and never more than perHour. */
function limiterOf(issuerId: string): WorkerOptions['limiter'] {
  const rate = builtins.find((i) => i.id === issuerId)?.rate;
  if (rate?.minIntervalMs) return { max: 1, duration: rate.minIntervalMs };
  if (rate?.perHour) return { max: Math.max(1, Math.floor(rate.perHour / 60)), duration: 60_000 };
  return { max: 20, duration: 1000 };
}

export function startWorkers(p: Pipeline, stages: Stage[], c: PipelineConfig, connection: Redis): RunningWorkers {
  const workers: Worker[] = [];
  // A stalled job is a crashed worker; jobs are idempotent, so hand it on up to 5 times. BullMQ fails
  // a job past this limit for good (no retry), which lost a scan when one job met 3 crashes (chaos).
  const base = { connection, prefix: c.prefix, lockDuration: c.lockMs, stalledInterval: c.stalledMs, maxStalledCount: 5 };
  const start = (name: string, stage: Stage, fn: Processor, extra: Partial<WorkerOptions> = {}) => {
    const w = new Worker(name, fn, { ...base, concurrency: c.concurrency[stage], ...extra });
    w.on('error', (err) => p.log.error({ queue: name, err: sanitize(String(err.message)) }, 'worker error'));
    w.on('failed', (job, err) => p.log.warn({ queue: name, job: job?.id, attempts: job?.attemptsMade, err: sanitize(err.message) }, 'job failed'));
    workers.push(w);
  };
  const runners: Partial<Record<Stage, () => Processor>> = { events: () => events(p), enumerate: () => enumerate(p), scan: () => scan(p), report: () => report(p), remediate: () => remediate(p) };
  for (const stage of stages) {
    if (PER_ISSUER.has(stage)) {
      for (const issuer of builtins) {
        const name = queueName(stage, issuer.id);
        const q = p.queues.get(stage, issuer.id);
        const fn = stage === 'verify' ? verify(p, q) : revoke(p, q);
        start(name, stage, fn, { limiter: limiterOf(issuer.id) });
      }
    } else start(queueName(stage), stage, runners[stage]!());
  }
  return {
    workers,
    async close(timeoutMs = c.shutdownMs) {
      let timer: NodeJS.Timeout | undefined;
      const graceful = Promise.all(workers.map((w) => w.close())).then(() => 'closed' as const);
      const bound = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
      const how = await Promise.race([graceful, bound]);
      clearTimeout(timer);
      // Past the bound: abort the processors' signals and return. The process exits; its jobs'
      // locks lapse and stall detection hands them to another worker (maxStalledCount 5).
      if (how === 'timeout') for (const w of workers) w.cancelAllJobs('shutdown timeout');
    },
  };
}
