// One object that owns every Queue of a deployment: shared prefix, default job options, and
// schema validation on enqueue so nothing malformed (or secret-bearing) reaches Redis.
import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { DEFAULT_PREFIX, checkPrefix, queueName, type Stage } from './names.ts';
import { schemas, type JobData } from './schemas.ts';

const DAY = 24 * 3600;

/** Retries with exponential backoff; finished jobs expire so Redis does not grow forever. */
export const DEFAULT_JOB_OPTIONS: Record<Stage, JobsOptions> = {
  events: { attempts: 3, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } },
  enumerate: { attempts: 5, backoff: { type: 'exponential', delay: 2000, jitter: 0.5 } },
  scan: { attempts: 5, backoff: { type: 'exponential', delay: 2000, jitter: 0.5 } },
  verify: { attempts: 6, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } },
  revoke: { attempts: 10, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } },
  remediate: { attempts: 5, backoff: { type: 'exponential', delay: 5000, jitter: 0.5 } },
  report: { attempts: 5, backoff: { type: 'exponential', delay: 2000, jitter: 0.5 } },
};
for (const [stage, o] of Object.entries(DEFAULT_JOB_OPTIONS)) {
  // verify/revoke carry a sealed value: drop them as soon as they finish.
  const sealed = stage === 'verify' || stage === 'revoke';
  o.removeOnComplete = sealed ? true : { age: DAY, count: 1000 };
  o.removeOnFail = sealed ? { age: DAY } : { age: 7 * DAY, count: 5000 };
}

export class Queues {
  readonly prefix: string;
  private readonly open = new Map<string, Queue>();

  constructor(readonly connection: Redis, prefix = process.env.KEYSHIFT_QUEUE_PREFIX || DEFAULT_PREFIX) {
    this.prefix = checkPrefix(prefix);
  }

  get(stage: Stage, issuer?: string): Queue {
    const name = queueName(stage, issuer);
    let q = this.open.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS[stage] });
      q.on('error', () => {});
      this.open.set(name, q);
    }
    return q;
  }

  /** Validates the payload against the stage schema, then adds it. */
  async add<S extends Stage>(stage: S, data: JobData<S>, opts: JobsOptions & { issuer?: string } = {}) {
    const { issuer, ...jobOpts } = opts;
    const parsed = schemas[stage].parse(data);
    return this.get(stage, issuer).add(stage, parsed, jobOpts);
  }

  async addBulk<S extends Stage>(stage: S, jobs: { data: JobData<S>; opts?: JobsOptions }[]) {
    return this.get(stage).addBulk(jobs.map((j) => ({ name: stage, data: schemas[stage].parse(j.data), opts: j.opts })));
  }

  all(): Queue[] {
    return [...this.open.values()];
  }

  async close(): Promise<void> {
    await Promise.all(this.all().map((q) => q.close()));
  }
}
