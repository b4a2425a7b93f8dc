// Shared shape of every worker entry point: validate the job against its schema, run the stage,
// map errors to BullMQ semantics (src/queue/errors.ts). Nothing else belongs in workers/.
import type { Job } from 'bullmq';
import type { z } from 'zod';
import { toBullError, type RateLimiter } from '../src/queue/errors.ts';

export type Processor = (job: Job, token?: string, signal?: AbortSignal) => Promise<unknown>;

export function processor<S extends z.ZodType>(schema: S, run: (data: z.infer<S>, job: Job, signal?: AbortSignal) => Promise<unknown>, limiter?: RateLimiter): Processor {
  return async (job, _token, signal) => {
    try {
      return await run(schema.parse(job.data), job, signal);
    } catch (err) {
      throw await toBullError(err, limiter);
    }
  };
}
