// Octokit failures mapped, in one place, to keyshift's Transient/Permanent errors.
import { KeyshiftError, PermanentError, TransientError } from '../core/errors.ts';
import { sanitize } from '../log.ts';

interface OctokitLike { status?: number; message?: string; response?: { headers?: Record<string, string | number | undefined>; data?: unknown } }

/** Milliseconds to wait from `retry-after` (seconds or HTTP date) or `x-ratelimit-reset`. */
export function retryAfterMs(headers: Record<string, string | number | undefined> = {}, now = Date.now()): number | undefined {
  const ra = headers['retry-after'];
  if (ra !== undefined && ra !== '') {
    const n = Number(ra);
    if (Number.isFinite(n)) return Math.max(0, n * 1000);
    const t = Date.parse(String(ra));
    if (Number.isFinite(t)) return Math.max(0, t - now);
  }
  if (String(headers['x-ratelimit-remaining']) === '0' && headers['x-ratelimit-reset'] !== undefined) {
    return Math.max(0, Number(headers['x-ratelimit-reset']) * 1000 - now + 1000);
  }
  return undefined;
}

/** One typed error for a failed GitHub call; `what` names the operation (no secrets). */
export function githubError(err: unknown, what: string): KeyshiftError {
  if (err instanceof KeyshiftError) return err;
  const e = (err ?? {}) as OctokitLike;
  const status = typeof e.status === 'number' ? e.status : undefined;
  const detail = sanitize(String(e.message ?? err).split('\n')[0] ?? '').slice(0, 200);
  if (status === undefined || status === 0 || status === 500 && /fetch failed|ECONN|socket|timeout/i.test(detail)) {
    return new TransientError(`${what}: GitHub unreachable (${detail})`);
  }
  const headers = e.response?.headers ?? {};
  const wait = retryAfterMs(headers);
  const rateLimited = status === 429 || (status === 403 && (/rate limit/i.test(detail) || String(headers['x-ratelimit-remaining']) === '0'));
  if (rateLimited) return new TransientError(`${what}: GitHub rate limit (${status})`, wait ?? 60_000);
  if (status >= 500) return new TransientError(`${what}: GitHub ${status} (${detail})`, wait);
  return new PermanentError(`${what}: GitHub ${status} (${detail})`);
}

/** Run `fn`, rethrowing its failure as a typed error. */
export async function mapGithubErrors<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw githubError(err, what);
  }
}

/** GitHub refused a change under .github/workflows/ (App without `workflows: write`). */
export class WorkflowPermissionError extends PermanentError {}

/** True when a failed write was refused because it touches workflows without the permission. */
export function isWorkflowRefusal(err: unknown): boolean {
  const e = err as { status?: number; message?: string };
  return (e?.status === 403 || e?.status === 422) && /workflow/i.test(e.message ?? '');
}
