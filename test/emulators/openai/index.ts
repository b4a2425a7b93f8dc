// OpenAI emulator: GET /v1/models (any live key) and the Admin API for project and admin keys
// (list with redacted_value, DELETE). Admin endpoints need a live sk-admin- key.
import { randomAlnum, startEmulator, type Emulator, type Issued, type Req } from '../_kit/server.ts';

const URLSAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

export interface OpenaiEmulator extends Emulator {
  mint(opts?: { project?: string; owner?: string }): Issued;
  mintAdmin(): Issued;
}

const redacted = (t: string) => `${t.slice(0, 12)}...${t.slice(-4)}`;

function page<T extends { id: string }>(items: T[], req: Req) {
  const limit = Number(req.query.get('limit') ?? 20);
  const after = req.query.get('after');
  const start = after ? items.findIndex((i) => i.id === after) + 1 : 0;
  const data = items.slice(start, start + limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + limit < items.length };
}

export async function startOpenai(): Promise<OpenaiEmulator> {
  const projects = new Set<string>(['proj_default']);
  const em = await startEmulator((req) => {
    const caller = em.registry.live(req.bearer);
    if (!caller) return { status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key' } } };
    if (req.path === '/v1/models' && req.method === 'GET') {
      return { status: 200, headers: { 'openai-organization': 'org-acme' }, body: { object: 'list', data: [{ id: 'gpt-4o', object: 'model', owned_by: 'system' }] } };
    }
    if (!req.path.startsWith('/v1/organization/')) return { status: 404, body: { error: { message: 'not found' } } };
    if (caller.extra.admin !== true) return { status: 403, body: { error: { message: 'admin key required' } } };
    const keyView = (r: Issued) => ({ object: r.extra.admin ? 'organization.admin_api_key' : 'organization.project.api_key', id: r.id, name: 'key', redacted_value: redacted(r.token), created_at: Math.floor(Date.parse(r.createdAt) / 1000), last_used_at: null, owner: { type: 'user', user: { email: `${r.owner}@acme.test` } } });
    if (req.path === '/v1/organization/projects' && req.method === 'GET') return { status: 200, body: page([...projects].map((id) => ({ id, object: 'organization.project', name: id, status: 'active' })), req) };
    const pk = /^\/v1\/organization\/projects\/([^/]+)\/api_keys(?:\/([^/]+))?$/.exec(req.path);
    if (pk) {
      const keys = em.registry.all().filter((r) => r.extra.project === pk[1] && r.status === 'active');
      if (!pk[2] && req.method === 'GET') return { status: 200, body: page(keys.map(keyView), req) };
      const target = keys.find((k) => k.id === pk[2]);
      if (!target) return { status: 404, body: { error: { message: 'No such key' } } };
      if (req.method === 'GET') return { status: 200, body: keyView(target) };
      if (req.method === 'DELETE') {
        target.status = 'revoked';
        target.revocations++;
        return { status: 200, body: { object: 'organization.project.api_key.deleted', id: target.id, deleted: true } };
      }
    }
    const ak = /^\/v1\/organization\/admin_api_keys(?:\/([^/]+))?$/.exec(req.path);
    if (ak) {
      const keys = em.registry.all().filter((r) => r.extra.admin === true && r.status === 'active');
      if (!ak[1] && req.method === 'GET') return { status: 200, body: page(keys.map(keyView), req) };
      const target = keys.find((k) => k.id === ak[1]);
      if (!target) return { status: 404, body: { error: { message: 'No such key' } } };
      if (req.method === 'DELETE') {
        target.status = 'revoked';
        target.revocations++;
        return { status: 200, body: { object: 'organization.admin_api_key.deleted', id: target.id, deleted: true } };
      }
    }
    return { status: 404, body: { error: { message: 'not found' } } };
  });
  const body = () => `${randomAlnum(74, URLSAFE)}T3BlbkFJ${randomAlnum(74, URLSAFE)}`;
  return Object.assign(em, {
    mint(o: { project?: string; owner?: string } = {}) {
      const project = o.project ?? 'proj_default';
      projects.add(project);
      return em.registry.add(`sk-proj-${body()}`, o.owner ?? 'dev', { id: `key_${randomAlnum(16)}`, extra: { project } });
    },
    mintAdmin() {
      return em.registry.add(`sk-admin-${body()}`, 'owner', { id: `key_${randomAlnum(16)}`, extra: { admin: true } });
    },
  });
}
