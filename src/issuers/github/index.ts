// GitHub: GET /user (scopes and expiry from headers) to verify; POST /credentials/revoke in batches of <= 1000
// within its 60 requests/hour; installation tokens (ghs_) revoke themselves with DELETE /installation/token.
import type { Credential, Issuer, IssuerContext, RevokeResult } from '../types.ts';
import { RateLimiter } from '../ratelimit.ts';
import { TransientError } from '../../core/errors.ts';

const API_VERSION = '2022-11-28';
export const BATCH = 1000;
const REPORTABLE = /^(ghp_|github_pat_|gho_|ghu_|ghr_)/;

const headers = (token?: string): Record<string, string> => ({
  accept: 'application/vnd.github+json',
  'x-github-api-version': API_VERSION,
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

/** "2026-01-01 00:00:00 UTC" (GitHub-Authentication-Token-Expiration) to ISO 8601. */
export function expiryHeader(v: string | null): string | undefined {
  if (!v) return undefined;
  const t = Date.parse(v.replace(' UTC', 'Z').replace(' ', 'T').replace(/ ([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** One 60/hour budget per API base, shared by every caller in the process. */
const revokeLimiters = new Map<string, RateLimiter>();
function revokeLimiter(base: string): RateLimiter {
  let l = revokeLimiters.get(base);
  if (!l) revokeLimiters.set(base, (l = new RateLimiter('github credentials/revoke', { perHour: 60, maxWaitMs: 5_000 })));
  return l;
}

const isInstallation = (c: Credential) => c.secret.startsWith('ghs_');

async function revokeInstallation(c: Credential, ctx: IssuerContext): Promise<RevokeResult> {
  const res = await ctx.http.request('/installation/token', { method: 'DELETE', headers: headers(c.secret) });
  if (res.status === 204) return { outcome: 'revoked', httpStatus: 204 };
  if (res.status === 401) return { outcome: 'already-invalid', httpStatus: 401 };
  return { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
}

export const github: Issuer = {
  id: 'github',
  defaultUrl: 'https://api.github.com',
  rate: { minIntervalMs: 20 },
  accepts: (s) => ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'].some((p) => s.startsWith(p)),
  async verify(c, ctx) {
    // Refresh tokens cannot call the API: a 401 would not mean dead, so there is no safe check.
    if (c.secret.startsWith('ghr_')) return { status: 'unknown', detail: 'refresh tokens have no non-destructive check' };
    const path = isInstallation(c) ? '/installation/repositories?per_page=1' : '/user';
    const res = await ctx.http.request(path, { headers: headers(c.secret) });
    if (res.status === 401) return { status: 'invalid', detail: 'HTTP 401', httpStatus: 401 };
    if (res.status === 403 && res.headers.get('x-ratelimit-remaining') === '0') return { status: 'unknown', detail: 'rate limited', httpStatus: 403 };
    if (res.status === 403) return { status: 'invalid', detail: 'HTTP 403', httpStatus: 403 };
    if (res.status !== 200) return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
    const body = ctx.http.json<{ login?: string; id?: number; type?: string; total_count?: number }>(res, [c.secret]);
    const scopes = res.headers.get('x-oauth-scopes');
    return {
      status: 'live',
      httpStatus: 200,
      identity: {
        ...(isInstallation(c) ? { owner: 'installation', repositories: body.total_count } : { owner: body.login, account: body.id !== undefined ? String(body.id) : undefined, type: body.type }),
        ...(scopes !== null ? { scopes: scopes.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        expiresAt: expiryHeader(res.headers.get('github-authentication-token-expiration')),
      },
    };
  },
  canRevoke: (c) => REPORTABLE.test(c.secret) || isInstallation(c),
  async revoke(c, ctx) {
    return (await github.revokeMany!([c], ctx))[0]!;
  },
  async revokeMany(cs, ctx) {
    const out: RevokeResult[] = new Array(cs.length);
    const batchable: number[] = [];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i]!;
      if (isInstallation(c)) out[i] = await revokeInstallation(c, ctx);
      else if (REPORTABLE.test(c.secret)) batchable.push(i);
      else out[i] = { outcome: 'manual', detail: 'token type not accepted by /credentials/revoke' };
    }
    const limiter = revokeLimiter(ctx.baseUrl);
    for (let start = 0; start < batchable.length; start += BATCH) {
      const idx = batchable.slice(start, start + BATCH);
      const secrets = idx.map((i) => cs[i]!.secret);
      await limiter.acquire();
      const res = await ctx.http.request('/credentials/revoke', {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: JSON.stringify({ credentials: secrets }),
        secrets,
      });
      if (res.status === 403 && res.headers.get('x-ratelimit-remaining') === '0') {
        const reset = Number(res.headers.get('x-ratelimit-reset')) * 1000;
        const wait = Number.isFinite(reset) && reset > Date.now() ? reset - Date.now() : 3_600_000;
        limiter.pause(wait);
        throw new TransientError(`github: /credentials/revoke hourly limit reached, retry in ${Math.ceil(wait / 1000)}s`, wait);
      }
      const r: RevokeResult = res.status === 202 || res.status === 200 || res.status === 204
        ? { outcome: 'reported', detail: 'accepted by /credentials/revoke', httpStatus: res.status }
        : { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
      for (const i of idx) out[i] = r;
    }
    return out;
  },
};
