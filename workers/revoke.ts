import { RevokeJob } from '../src/queue/schemas.ts';
import { runRevoke } from '../src/pipeline/revoke.ts';
import type { Pipeline } from '../src/pipeline/ports.ts';
import type { RateLimiter } from '../src/queue/errors.ts';
import { processor } from './process.ts';

export const revoke = (p: Pipeline, limiter: RateLimiter) => processor(RevokeJob, (j) => runRevoke(p, j), limiter);
