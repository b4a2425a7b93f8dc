// Credentials: GET /user (verify), POST /credentials/revoke, DELETE /installation/token, GET /rate_limit.
import type { GithubEmulator } from '../index.ts';
import { forbidden, invalid, json, unauthorized, type Router } from '../router.ts';
import { simpleUser } from '../objects.ts';

const REVOCABLE = new Set(['ghp', 'github_pat', 'gho', 'ghu', 'ghr']);

/** GitHub's expiration header format: `2026-12-01 12:00:00 UTC`. */
export const expirationHeader = (iso: string): string => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

export function register(r: Router, emu: GithubEmulator): void {
  let revokeWindow = { start: Date.now(), count: 0 };

  r.add('GET', '/user', (ctx) => {
    const c = ctx.cred;
    if (!c) return unauthorized();
    if (c.kind === 'ghs') return forbidden();
    const headers: Record<string, string> = { 'x-accepted-oauth-scopes': '' };
    if (c.kind === 'ghp' || c.kind === 'gho') headers['x-oauth-scopes'] = c.scopes.join(', ');
    if (c.expiresAt) headers['github-authentication-token-expiration'] = expirationHeader(c.expiresAt);
    const u = ctx.state.user(c.owner);
    const body = emu.shape(ctx, 200, { ...simpleUser(ctx.state, c.owner, ctx.base), user_view_type: 'private', name: u.name, email: u.email,
      company: null, blog: '', location: null, hireable: null, bio: null, twitter_username: null, created_at: '2020-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' });
    return json(200, body, headers);
  });

  r.add('POST', '/credentials/revoke', (ctx) => {
    if (ctx.req.headers.authorization) return forbidden('Authenticated requests are not allowed for this endpoint');
    if (Date.now() - revokeWindow.start > 3_600_000) revokeWindow = { start: Date.now(), count: 0 };
    const limit = emu.revokeLimitPerHour;
    revokeWindow.count += 1;
    const rl = { 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': Math.max(0, limit - revokeWindow.count), 'x-ratelimit-resource': 'credentials',
      'x-ratelimit-reset': Math.floor((revokeWindow.start + 3_600_000) / 1000) };
    if (revokeWindow.count > limit) return json(403, { message: 'API rate limit exceeded for 127.0.0.1.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }, rl);
    const list = (ctx.body as { credentials?: unknown }).credentials;
    if (!Array.isArray(list) || list.length < 1 || list.length > 1000 || !list.every((x) => typeof x === 'string')) {
      return invalid('Validation Failed', ['credentials must be a list of 1 to 1000 strings']);
    }
    for (const t of list as string[]) {
      const c = ctx.state.credentials.get(t);
      if (c && REVOCABLE.has(c.kind)) ctx.state.revoke(t, 'credentials/revoke');
    }
    return json(202, emu.shape(ctx, 202, {}), rl);
  });

  r.add('DELETE', '/installation/token', (ctx) => {
    if (!ctx.cred) return unauthorized();
    if (ctx.cred.kind !== 'ghs') return forbidden('This endpoint requires an installation access token');
    ctx.state.revoke(ctx.cred.token, 'installation/token');
    return { status: 204 };
  });

  r.add('GET', '/rate_limit', (ctx) => {
    const reset = Math.floor(Date.now() / 1000) + 3600;
    const core = { limit: 5000, used: 0, remaining: 5000, reset };
    return json(200, emu.shape(ctx, 200, { resources: { core, search: { ...core, limit: 30, remaining: 30 } }, rate: core }));
  });
}
