// HTTP for issuer calls: bound to one configured base URL, with timeout, rate limit, Retry-After, typed errors.
import { PermanentError, TransientError } from '../core/errors.ts';
import { scrub } from '../core/redact.ts';
import { RateLimiter, retryAfterMs } from './ratelimit.ts';

export interface HttpResponse {
  status: number;
  headers: Headers;
  text: string;
}

export interface HttpOptions {
  timeoutMs?: number;
  /** Retries after a 429/503 with Retry-After that fits within the limiter's maxWaitMs. */
  retries?: number;
  limiter?: RateLimiter;
}

export interface RequestInit2 {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Secrets to scrub from any error text. */
  secrets?: string[];
  /** Throw TransientError on 5xx (default true). */
  failOn5xx?: boolean;
}

export class IssuerHttp {
  readonly limiter: RateLimiter;
  private readonly origin: string;

  constructor(
    readonly issuer: string,
    readonly baseUrl: string,
    private readonly opts: HttpOptions = {},
  ) {
    this.limiter = opts.limiter ?? new RateLimiter(issuer);
    this.origin = new URL(baseUrl).origin;
  }

  /** `path` is appended to the base URL; the origin can never change. */
  url(path: string): string {
    const u = new URL(this.baseUrl + (path === '' || path.startsWith('/') ? path : `/${path}`));
    if (u.origin !== this.origin) throw new PermanentError(`${this.issuer}: refusing request outside ${this.origin}`);
    return u.href;
  }

  async request(path: string, init: RequestInit2 = {}): Promise<HttpResponse> {
    const url = this.url(path);
    const retries = this.opts.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      await this.limiter.acquire();
      let res: Response;
      try {
        res = await fetch(url, {
          method: init.method ?? 'GET',
          headers: { 'user-agent': 'keyshift', ...init.headers },
          body: init.body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
        });
      } catch (err) {
        const e = err as Error;
        const why = e.name === 'TimeoutError' || e.name === 'AbortError' ? 'timed out' : 'unreachable';
        throw new TransientError(`${this.issuer}: ${why}`);
      }
      const text = await res.text().catch(() => '');
      if (res.status === 429 || (res.status === 503 && res.headers.has('retry-after'))) {
        const wait = retryAfterMs(res.headers.get('retry-after')) ?? 1000;
        this.limiter.pause(wait);
        if (attempt < retries) continue; // the limiter waits, or throws when the pause is too long
        throw new TransientError(`${this.issuer}: rate limited (HTTP ${res.status})`, wait);
      }
      if (res.status >= 500 && init.failOn5xx !== false) {
        throw new TransientError(`${this.issuer}: server error HTTP ${res.status}`);
      }
      return { status: res.status, headers: res.headers, text };
    }
  }

  /** Parse a JSON body or fail with a clear, secret-free error. */
  json<T = Record<string, unknown>>(res: HttpResponse, secrets: string[] = []): T {
    try {
      const v = JSON.parse(res.text) as unknown;
      if (v === null || typeof v !== 'object') throw new Error('not an object');
      return v as T;
    } catch {
      throw new PermanentError(scrub(`${this.issuer}: malformed response (HTTP ${res.status}, expected JSON)`, secrets));
    }
  }
}

/** A required field from a parsed body, or a clear error. */
export function need<T>(issuer: string, v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new PermanentError(`${issuer}: malformed response (missing ${what})`);
  return v;
}
