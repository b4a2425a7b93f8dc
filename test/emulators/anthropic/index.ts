// Anthropic emulator: GET /v1/models (x-api-key) and the Admin API: list api_keys (partial_key_hint),
// POST /v1/organizations/api_keys/{id} {status}. Admin endpoints need a live sk-ant-admin01- key.
import { randomAlnum, startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export interface AnthropicEmulator extends Emulator {
  mint(opts?: { workspace?: string }): Issued;
  mintAdmin(): Issued;
}

const hint = (t: string, prefix: string) => `${t.slice(0, prefix.length + 3)}...${t.slice(-4)}`;

export async function startAnthropic(): Promise<AnthropicEmulator> {
  const em = await startEmulator((req) => {
    if (!req.headers['anthropic-version']) return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'anthropic-version header is required' } } };
    const caller = em.registry.live(req.headers['x-api-key'] as string | undefined);
    if (!caller) return { status: 401, body: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } } };
    if (req.path === '/v1/models' && req.method === 'GET') return { status: 200, body: { data: [{ type: 'model', id: 'claude-sonnet-4-5' }], has_more: false } };
    if (!req.path.startsWith('/v1/organizations/')) return { status: 404, body: { type: 'error', error: { type: 'not_found_error' } } };
    if (caller.extra.admin !== true) return { status: 403, body: { type: 'error', error: { type: 'permission_error', message: 'admin key required' } } };
    const view = (r: Issued) => ({ type: 'api_key', id: r.id, name: 'key', partial_key_hint: hint(r.token, 'sk-ant-api03-'), status: r.status === 'active' ? 'active' : 'inactive', workspace_id: r.extra.workspace ?? null, created_at: r.createdAt, created_by: { id: `user_${r.owner}`, type: 'user' } });
    const keys = em.registry.all().filter((r) => r.extra.admin !== true);
    if (req.path === '/v1/organizations/api_keys' && req.method === 'GET') {
      const limit = Number(req.query.get('limit') ?? 20);
      const after = req.query.get('after_id');
      const start = after ? keys.findIndex((k) => k.id === after) + 1 : 0;
      const data = keys.slice(start, start + limit).map(view);
      return { status: 200, body: { data, has_more: start + limit < keys.length, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null } };
    }
    const m = /^\/v1\/organizations\/api_keys\/([^/]+)$/.exec(req.path);
    const target = m ? keys.find((k) => k.id === m[1]) : undefined;
    if (m && !target) return { status: 404, body: { type: 'error', error: { type: 'not_found_error' } } };
    if (target && req.method === 'GET') return { status: 200, body: view(target) };
    if (target && req.method === 'POST') {
      const status = (JSON.parse(req.body || '{}') as { status?: string }).status;
      if (status && !['active', 'inactive', 'archived'].includes(status)) return { status: 400, body: { type: 'error', error: { type: 'invalid_request_error' } } };
      if (status === 'inactive' || status === 'archived') {
        if (target.status === 'active') target.revocations++;
        target.status = 'inactive';
      }
      return { status: 200, body: view(target) };
    }
    return { status: 404, body: { type: 'error', error: { type: 'not_found_error' } } };
  });
  const body = () => `${randomAlnum(93, URLSAFE)}AA`;
  return Object.assign(em, {
    mint(o: { workspace?: string } = {}) {
      return em.registry.add(`sk-ant-api03-${body()}`, 'dev', { id: `apikey_01${randomAlnum(22)}`, extra: { workspace: o.workspace ?? 'wrkspc_01default' } });
    },
    mintAdmin() {
      return em.registry.add(`sk-ant-admin01-${body()}`, 'owner', { id: `apikey_01${randomAlnum(22)}`, extra: { admin: true } });
    },
  });
}
