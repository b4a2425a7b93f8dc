// Maps keyshift's typed errors onto BullMQ semantics, in one place:
//   PermanentError / UsageError / schema errors -> UnrecoverableError (no more attempts)
//   TransientError with retryAfterMs on an issuer queue -> queue rate limit + RateLimitError
//   anything else -> a plain Error, retried with the queue's exponential backoff.
// Every message is scrubbed: job.failedReason is stored in Redis.
import { RateLimitError, UnrecoverableError } from 'bullmq';
import { ZodError } from 'zod';
import { PermanentError, TransientError, UsageError, describe } from '../core/errors.ts';
import { sanitize } from '../log.ts';

export interface RateLimiter {
  rateLimit(ms: number): Promise<void>;
}

export async function toBullError(err: unknown, limiter?: RateLimiter): Promise<Error> {
  if (err instanceof UnrecoverableError || err instanceof RateLimitError) return err;
  const msg = sanitize(describe(err));
  if (err instanceof ZodError) return new UnrecoverableError(`invalid job data: ${sanitize(err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))}`);
  if (err instanceof PermanentError || err instanceof UsageError) return new UnrecoverableError(msg);
  if (err instanceof TransientError && err.retryAfterMs && limiter) {
    await limiter.rateLimit(err.retryAfterMs);
    return new RateLimitError();
  }
  const e = new Error(msg);
  e.name = err instanceof Error ? err.name : 'Error';
  return e;
}
