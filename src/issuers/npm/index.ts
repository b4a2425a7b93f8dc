// npm: GET /-/whoami to verify; list tokens, match the redacted form, DELETE /-/npm/v1/tokens/token/{key}.
import type { Issuer } from '../types.ts';
import { need } from '../http.ts';
import { matchesHint } from '../hint.ts';

interface NpmToken { key?: string; token?: string; readonly?: boolean; automation?: boolean; created?: string; updated?: string; cidr_whitelist?: string[] | null }

async function findToken(secret: string, http: import('../http.ts').IssuerHttp): Promise<NpmToken | undefined> {
  const res = await http.request('/-/npm/v1/tokens', { headers: { authorization: `Bearer ${secret}` } });
  if (res.status !== 200) return undefined;
  const body = http.json<{ objects?: NpmToken[] }>(res, [secret]);
  const hits = need('npm', body.objects, 'objects').filter((t) => matchesHint(secret, t.token));
  return hits.length === 1 ? hits[0] : undefined;
}

export const npm: Issuer = {
  id: 'npm',
  defaultUrl: 'https://registry.npmjs.org',
  rate: { minIntervalMs: 50 },
  // npm_ tokens and legacy UUID tokens; `_auth` user:password blobs are not bearer tokens.
  accepts: (s) => s.startsWith('npm_') || (s.length === 36 && s.split('-').length === 5),
  async verify(c, ctx) {
    const res = await ctx.http.request('/-/whoami', { headers: { authorization: `Bearer ${c.secret}` } });
    if (res.status === 401 || res.status === 403) return { status: 'invalid', detail: `HTTP ${res.status}`, httpStatus: res.status };
    if (res.status !== 200) return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
    const w = ctx.http.json<{ username?: string }>(res, [c.secret]);
    return { status: 'live', httpStatus: 200, identity: { owner: need('npm', w.username, 'username') } };
  },
  async identify(c, ctx) {
    const t = await findToken(c.secret, ctx.http);
    if (!t) return {};
    return { keyId: t.key, createdAt: t.created, scopes: [t.readonly ? 'read-only' : t.automation ? 'automation' : 'publish'] };
  },
  async revoke(c, ctx) {
    const t = await findToken(c.secret, ctx.http);
    if (!t?.key) return { outcome: 'failed', detail: 'token not found in its own token list' };
    const res = await ctx.http.request(`/-/npm/v1/tokens/token/${encodeURIComponent(t.key)}`, { method: 'DELETE', headers: { authorization: `Bearer ${c.secret}` } });
    if (res.status === 204 || res.status === 200) return { outcome: 'revoked', httpStatus: res.status };
    if (res.status === 401) return { outcome: 'already-invalid', httpStatus: 401 };
    return { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
};
