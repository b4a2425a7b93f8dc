// Slack: auth.test to verify and identify, auth.revoke (the token revokes itself).
import type { Issuer } from '../types.ts';

interface SlackAuth { ok?: boolean; error?: string; team?: string; team_id?: string; user?: string; user_id?: string; bot_id?: string; url?: string; enterprise_id?: string; revoked?: boolean }

const DEAD = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired']);

export const slack: Issuer = {
  id: 'slack',
  defaultUrl: 'https://slack.com',
  rate: { minIntervalMs: 50 },
  accepts: (s) => ['xoxb-', 'xoxp-', 'xoxe.xoxb-', 'xoxe.xoxp-', 'xoxa-', 'xoxs-', 'xoxo-'].some((p) => s.startsWith(p)),
  async verify(c, ctx) {
    const res = await ctx.http.request('/api/auth.test', { method: 'POST', headers: { authorization: `Bearer ${c.secret}` } });
    const body = ctx.http.json<SlackAuth>(res, [c.secret]);
    if (body.ok) {
      const scopes = res.headers.get('x-oauth-scopes');
      return {
        status: 'live',
        httpStatus: res.status,
        identity: {
          owner: body.user ?? body.user_id,
          account: body.team_id,
          team: body.team,
          ...(body.bot_id ? { botId: body.bot_id } : {}),
          ...(scopes ? { scopes: scopes.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
        },
      };
    }
    if (body.error && DEAD.has(body.error)) return { status: 'invalid', detail: body.error, httpStatus: res.status };
    return { status: 'unknown', detail: body.error ?? `HTTP ${res.status}`, httpStatus: res.status };
  },
  async revoke(c, ctx) {
    if (c.secret.includes('hooks.slack.com')) return { outcome: 'manual', detail: 'incoming webhooks have no revoke API: remove the webhook' };
    const res = await ctx.http.request('/api/auth.revoke', { method: 'POST', headers: { authorization: `Bearer ${c.secret}` } });
    const body = ctx.http.json<SlackAuth>(res, [c.secret]);
    if (body.ok && body.revoked) return { outcome: 'revoked', httpStatus: res.status };
    if (body.error && DEAD.has(body.error)) return { outcome: 'already-invalid', detail: body.error, httpStatus: res.status };
    return { outcome: 'failed', detail: body.error ?? `HTTP ${res.status}`, httpStatus: res.status };
  },
};
