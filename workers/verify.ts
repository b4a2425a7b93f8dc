import { VerifyJob } from '../src/queue/schemas.ts';
import { runVerify } from '../src/pipeline/verify.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import type { RateLimiter } from '../src/queue/errors.ts';
import { processor } from './process.ts';

export const verify = (p: Pipeline, limiter: RateLimiter) => processor(VerifyJob, (j) => runVerify(p, j), limiter);
