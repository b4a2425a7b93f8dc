// Octokit with throttling and retry: rate limits honoured (Retry-After), bounded retries,
// logs through the redacting logger (never a token).
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { retry } from '@octokit/plugin-retry';
import Bottleneck from 'bottleneck';
import type { Logger } from 'pino';
import { log as defaultLog } from '../log.ts';
import { githubBaseUrl } from './config.ts';
import { retryAfterMs } from './errors.ts';
import { TransientError } from '../core/errors.ts';

const Kit = Octokit.plugin(throttling, retry);
export type GithubClient = InstanceType<typeof Kit>;

export interface OctokitOptions {
  /** Token (installation, PAT) or an auth-app strategy's options together with `authStrategy`. */
  auth?: unknown;
  authStrategy?: unknown;
  baseUrl?: string;
  /** Rate-limit retries (primary, secondary, 429) before giving up. Default 3. */
  rateLimitRetries?: number;
  /** Longest Retry-After we wait for, in seconds; longer waits fail (as TransientError upstream). Default 60. */
  maxRetryAfterSec?: number;
  /** Minimum spacing of writes and of content-creating requests per throttle id (GitHub asks
   * for 1000 ms and 3000 ms; plugin defaults). Lower it only against an emulator. */
  writeIntervalMs?: number;
  /** Throttle key: share limits per installation. */
  throttleId?: string;
  logger?: Logger;
}

const groups = new Map<string, Bottleneck.Group>();
function group(kind: string, ms: number): Bottleneck.Group {
  let g = groups.get(`${kind}-${ms}`);
  if (!g) groups.set(`${kind}-${ms}`, (g = new Bottleneck.Group({ id: `keyshift-${kind}-${ms}`, maxConcurrent: 1, minTime: ms })));
  return g;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createOctokit(o: OctokitOptions = {}): GithubClient {
  const logger = o.logger ?? defaultLog.child({ component: 'octokit' });
  const retries = o.rateLimitRetries ?? 3;
  const maxWait = o.maxRetryAfterSec ?? 60;
  const onLimit = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number): boolean => {
    const ok = retryCount < retries && retryAfter <= maxWait;
    logger.warn({ method: options.method, route: options.url, retryAfter, retryCount, retry: ok }, `GitHub ${kind} rate limit`);
    return ok;
  };
  const kit = new Kit({
    auth: o.auth as string | undefined,
    authStrategy: o.authStrategy as never,
    baseUrl: (o.baseUrl ?? githubBaseUrl()).replace(/\/+$/, ''),
    userAgent: 'keyshift',
    log: {
      debug: () => {},
      info: (m: string) => logger.debug(m),
      warn: (m: string) => logger.warn(m),
      error: (m: string) => logger.info(m),
    },
    throttle: {
      id: o.throttleId ?? 'keyshift',
      onRateLimit: onLimit('primary'),
      onSecondaryRateLimit: onLimit('secondary'),
      ...(o.writeIntervalMs !== undefined ? { write: group('write', o.writeIntervalMs), notifications: group('notifications', o.writeIntervalMs) } : {}),
    },
    // 429 is handled below with its Retry-After; plugin-retry keeps 5xx/network retries.
    retry: { doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451], retries: 2 },
  });
  // A plain 429 (no "secondary rate" text, no x-ratelimit-remaining: 0) is not the throttling
  // plugin's business: retry it here, honouring Retry-After, a bounded number of times.
  kit.hook.wrap('request', async (request, options) => {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await request(options);
        // @octokit/request hands back the raw text when a JSON body does not parse.
        if (typeof res.data === 'string' && /json/i.test(String(res.headers['content-type'] ?? ''))) {
          throw new TransientError(`GitHub sent malformed JSON for ${options.method} ${String(options.url).split('?')[0]}`);
        }
        return res;
      } catch (err) {
        const e = err as { status?: number; message?: string; response?: { headers?: Record<string, string> } };
        if (e.status !== 429 || /secondary rate/i.test(e.message ?? '') || attempt >= retries) throw err;
        const wait = retryAfterMs(e.response?.headers) ?? 1000;
        if (wait > maxWait * 1000) throw err;
        logger.warn({ method: options.method, route: options.url, retryAfter: wait / 1000, retryCount: attempt }, 'GitHub 429, retrying');
        await sleep(wait);
      }
    }
  });
  return kit;
}
