// Slack emulator: auth.test and auth.revoke (JSON, always HTTP 200 with ok/error as Slack does).
import { randomAlnum, startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

const digits = (n: number) => randomAlnum(n, '0123456789');

export interface SlackEmulator extends Emulator {
  mint(opts?: { owner?: string; team?: string; scopes?: string[]; kind?: 'xoxb' | 'xoxp' }): Issued;
}

export async function startSlack(): Promise<SlackEmulator> {
  const em = await startEmulator((req) => {
    const token = req.bearer ?? new URLSearchParams(req.body).get('token') ?? undefined;
    if (req.method !== 'POST') return { status: 405, body: { ok: false, error: 'method_not_allowed' } };
    const rec = em.registry.live(token);
    if (req.path === '/api/auth.test') {
      if (!token) return { status: 200, body: { ok: false, error: 'not_authed' } };
      if (!rec) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      rec.lastUsedAt = new Date().toISOString();
      const team = String(rec.extra.team);
      return {
        status: 200,
        headers: { 'x-oauth-scopes': rec.scopes.join(',') },
        body: { ok: true, url: `https://${team}.slack.com/`, team, user: rec.owner, team_id: rec.extra.teamId, user_id: rec.id, ...(token!.startsWith('xoxb') ? { bot_id: `B${rec.id}` } : {}) },
      };
    }
    if (req.path === '/api/auth.revoke') {
      if (!rec) return { status: 200, body: { ok: false, error: 'invalid_auth' } };
      if (new URLSearchParams(req.body).get('test') === '1' || req.query.get('test') === '1') return { status: 200, body: { ok: true, revoked: false } };
      rec.status = 'revoked';
      rec.revocations++;
      return { status: 200, body: { ok: true, revoked: true } };
    }
    return { status: 404, body: { ok: false, error: 'unknown_method' } };
  });
  return Object.assign(em, {
    mint(o: { owner?: string; team?: string; scopes?: string[]; kind?: 'xoxb' | 'xoxp' } = {}) {
      const kind = o.kind ?? 'xoxb';
      const token = kind === 'xoxb' ? `xoxb-${digits(12)}-${digits(13)}-${randomAlnum(24)}` : `xoxp-${digits(12)}-${digits(12)}-${digits(13)}-${randomAlnum(32, '0123456789abcdef')}`;
      return em.registry.add(token, o.owner ?? 'deploy-bot', { scopes: o.scopes ?? ['chat:write'], extra: { team: o.team ?? 'acme', teamId: `T${digits(9)}` } });
    },
  });
}
