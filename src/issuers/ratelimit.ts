// Per-issuer rate limiting: minimum spacing, an hourly budget, and a pause set by Retry-After.
import { TransientError } from '../core/errors.ts';

export interface RateOptions {
  minIntervalMs?: number;
  perHour?: number;
  /** Longest we are willing to wait in-process before giving up with a TransientError. */
  maxWaitMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class RateLimiter {
  private last = 0;
  private pausedUntil = 0;
  private readonly stamps: number[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    readonly name: string,
    private readonly opts: RateOptions = {},
  ) {}

  /** Respect a Retry-After: no call before `ms` from now. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
  }

  /** Wait for a slot (serialised), or throw TransientError when the wait would exceed maxWaitMs. */
  acquire(): Promise<void> {
    const next = this.chain.then(() => this.take());
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async take(): Promise<void> {
    const maxWait = this.opts.maxWaitMs ?? 60_000;
    const now = Date.now();
    const hour = 3_600_000;
    while (this.stamps.length && this.stamps[0]! <= now - hour) this.stamps.shift();
    let at = Math.max(now, this.pausedUntil, this.last + (this.opts.minIntervalMs ?? 0));
    if (this.opts.perHour && this.stamps.length >= this.opts.perHour) at = Math.max(at, this.stamps[0]! + hour);
    const wait = at - now;
    if (wait > maxWait) throw new TransientError(`${this.name}: rate limited, retry in ${Math.ceil(wait / 1000)}s`, wait);
    if (wait > 0) await sleep(wait);
    this.last = Date.now();
    this.stamps.push(this.last);
  }
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const s = Number(value.trim());
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const t = Date.parse(value);
  return Number.isFinite(t) ? Math.max(0, t - now) : undefined;
}
