// GitLab: GET /api/v4/personal_access_tokens/self to verify and identify; DELETE .../self revokes itself.
import type { Issuer } from '../types.ts';

interface PatSelf { id?: number; name?: string; scopes?: string[]; user_id?: number; active?: boolean; revoked?: boolean; created_at?: string; expires_at?: string | null; last_used_at?: string | null }

export const gitlab: Issuer = {
  id: 'gitlab',
  defaultUrl: 'https://gitlab.com',
  rate: { minIntervalMs: 20 },
  accepts: (s) => s.startsWith('glpat-') || s.includes('-glpat-'),
  async verify(c, ctx) {
    const res = await ctx.http.request('/api/v4/personal_access_tokens/self', { headers: { 'private-token': c.secret } });
    if (res.status === 401 || res.status === 403) return { status: 'invalid', detail: `HTTP ${res.status}`, httpStatus: res.status };
    if (res.status !== 200) return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
    const t = ctx.http.json<PatSelf>(res, [c.secret]);
    if (t.active === false || t.revoked) return { status: 'invalid', detail: t.revoked ? 'revoked' : 'inactive', httpStatus: res.status };
    return {
      status: 'live',
      httpStatus: res.status,
      identity: {
        owner: t.user_id !== undefined ? `user:${t.user_id}` : undefined,
        keyId: t.id !== undefined ? String(t.id) : undefined,
        name: t.name,
        scopes: t.scopes,
        createdAt: t.created_at,
        expiresAt: t.expires_at ?? undefined,
        lastUsedAt: t.last_used_at ?? undefined,
      },
    };
  },
  async revoke(c, ctx) {
    const res = await ctx.http.request('/api/v4/personal_access_tokens/self', { method: 'DELETE', headers: { 'private-token': c.secret } });
    if (res.status === 204) return { outcome: 'revoked', httpStatus: 204 };
    if (res.status === 401) return { outcome: 'already-invalid', httpStatus: 401 };
    return { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
};
