// Stripe: GET /v1/balance (Basic sk_…:) to verify. No public revoke API: the outcome is "manual roll required".
import type { Issuer } from '../types.ts';

interface StripeErr { error?: { code?: string; type?: string } }

export const stripe: Issuer = {
  id: 'stripe',
  defaultUrl: 'https://api.stripe.com',
  rate: { minIntervalMs: 50 },
  accepts: (s) => ['sk_', 'rk_'].some((p) => s.startsWith(p)),
  revocation: 'manual',
  async verify(c, ctx) {
    const auth = Buffer.from(`${c.secret}:`).toString('base64');
    const res = await ctx.http.request('/v1/balance', { headers: { authorization: `Basic ${auth}` } });
    if (res.status === 200) {
      const b = ctx.http.json<{ livemode?: boolean }>(res, [c.secret]);
      return { status: 'live', httpStatus: 200, identity: { livemode: b.livemode, scopes: [c.secret.startsWith('rk_') ? 'restricted' : 'secret'] } };
    }
    if (res.status === 401) {
      const e = ctx.http.json<StripeErr>(res, [c.secret]);
      return { status: 'invalid', detail: e.error?.code ?? 'unauthorized', httpStatus: 401 };
    }
    // 403 from a restricted key without balance read still proves the key authenticates.
    if (res.status === 403 && c.secret.startsWith('rk_')) return { status: 'live', detail: 'restricted key without balance permission', httpStatus: 403 };
    return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
  async revoke() {
    return { outcome: 'manual', detail: 'manual roll required: Dashboard > Developers > API keys > Roll key' };
  },
};
