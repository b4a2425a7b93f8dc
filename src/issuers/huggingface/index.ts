// Hugging Face: GET /api/whoami-v2 to verify and identify; POST /api/credentials/revoke (public report) to revoke.
import type { Issuer } from '../types.ts';

interface WhoAmI { name?: string; type?: string; orgs?: { name?: string }[]; auth?: { accessToken?: { displayName?: string; role?: string; createdAt?: string } } }

export const huggingface: Issuer = {
  id: 'huggingface',
  defaultUrl: 'https://huggingface.co',
  rate: { minIntervalMs: 50 },
  accepts: (s) => ['hf_', 'api_org_'].some((p) => s.startsWith(p)),
  async verify(c, ctx) {
    const res = await ctx.http.request('/api/whoami-v2', { headers: { authorization: `Bearer ${c.secret}` } });
    if (res.status === 401 || res.status === 403) return { status: 'invalid', detail: `HTTP ${res.status}`, httpStatus: res.status };
    if (res.status !== 200) return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
    const w = ctx.http.json<WhoAmI>(res, [c.secret]);
    const tok = w.auth?.accessToken;
    return {
      status: 'live',
      httpStatus: 200,
      identity: {
        owner: w.name,
        account: w.type,
        name: tok?.displayName,
        scopes: tok?.role ? [tok.role] : undefined,
        createdAt: tok?.createdAt,
        orgs: w.orgs?.map((o) => o.name).filter(Boolean),
      },
    };
  },
  async revoke(c, ctx) {
    const res = await ctx.http.request('/api/credentials/revoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credentials: [c.secret] }),
    });
    if (res.status === 202 || res.status === 200 || res.status === 204) return { outcome: 'reported', httpStatus: res.status };
    return { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
};
