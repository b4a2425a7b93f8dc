// OpenAI: GET /v1/models to verify. Identify and delete through the Admin API (needs an admin key):
// list project keys, match redacted_value, DELETE the key. Admin keys (sk-admin-) via admin_api_keys.
import type { Credential, Issuer, IssuerContext } from '../types.ts';
import { need } from '../http.ts';
import { PermanentError } from '../../core/errors.ts';
import { matchesHint } from '../hint.ts';

interface ApiKey { id?: string; name?: string; redacted_value?: string; created_at?: number; last_used_at?: number | null; owner?: { type?: string; user?: { email?: string }; service_account?: { name?: string } } }
interface Page<T> { data?: T[]; has_more?: boolean; last_id?: string }

interface Found { key: ApiKey; path: string }

const iso = (s?: number | null) => (typeof s === 'number' ? new Date(s * 1000).toISOString() : undefined);

async function list<T>(ctx: IssuerContext, path: string, admin: string): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (let page = 0; page < 50; page++) {
    const q = `${path}?limit=100${after ? `&after=${encodeURIComponent(after)}` : ''}`;
    const res = await ctx.http.request(q, { headers: { authorization: `Bearer ${admin}` } });
    if (res.status !== 200) throw new PermanentError(`openai: admin API HTTP ${res.status}`);
    const body = ctx.http.json<Page<T>>(res, [admin]);
    out.push(...need('openai', body.data, 'data'));
    if (!body.has_more || !body.last_id) break;
    after = body.last_id;
  }
  return out;
}

async function find(c: Credential, ctx: IssuerContext): Promise<Found | undefined> {
  const admin = ctx.setting('adminKey');
  if (!admin) return undefined;
  if (c.secret.startsWith('sk-admin-')) {
    const keys = await list<ApiKey>(ctx, '/v1/organization/admin_api_keys', admin);
    const k = keys.find((x) => matchesHint(c.secret, x.redacted_value));
    return k?.id ? { key: k, path: `/v1/organization/admin_api_keys/${encodeURIComponent(k.id)}` } : undefined;
  }
  const configured = ctx.setting('project');
  const projects = configured ? [configured] : (await list<{ id?: string }>(ctx, '/v1/organization/projects', admin)).map((p) => p.id).filter((x): x is string => !!x);
  for (const p of projects) {
    const keys = await list<ApiKey>(ctx, `/v1/organization/projects/${encodeURIComponent(p)}/api_keys`, admin);
    const k = keys.find((x) => matchesHint(c.secret, x.redacted_value));
    if (k?.id) return { key: k, path: `/v1/organization/projects/${encodeURIComponent(p)}/api_keys/${encodeURIComponent(k.id)}` };
  }
  return undefined;
}

export const openai: Issuer = {
  id: 'openai',
  defaultUrl: 'https://api.openai.com',
  rate: { minIntervalMs: 50 },
  accepts: (s) => s.startsWith('sk-') && !s.startsWith('sk-ant-'),
  async verify(c, ctx) {
    // Admin keys manage the organisation and may not reach models: check them on an admin read.
    const path = c.secret.startsWith('sk-admin-') ? '/v1/organization/projects?limit=1' : '/v1/models';
    const res = await ctx.http.request(path, { headers: { authorization: `Bearer ${c.secret}` } });
    if (res.status === 200) {
      ctx.http.json(res, [c.secret]);
      const org = res.headers.get('openai-organization');
      return { status: 'live', httpStatus: 200, identity: org ? { account: org } : {} };
    }
    if (res.status === 401 || res.status === 403) return { status: 'invalid', detail: `HTTP ${res.status}`, httpStatus: res.status };
    return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
  async identify(c, ctx) {
    const f = await find(c, ctx);
    if (!f) return {};
    const o = f.key.owner;
    return {
      keyId: f.key.id,
      name: f.key.name,
      owner: o?.user?.email ?? o?.service_account?.name ?? o?.type,
      project: f.path.split('/')[4],
      createdAt: iso(f.key.created_at),
      lastUsedAt: iso(f.key.last_used_at),
    };
  },
  canRevoke: (_c, ctx) => !!ctx.setting('adminKey'),
  async revoke(c, ctx) {
    const admin = ctx.setting('adminKey');
    if (!admin) return { outcome: 'failed', detail: 'needs an admin key: KEYSHIFT_ISSUER_OPENAI_ADMIN_KEY' };
    const f = await find(c, ctx);
    if (!f) return { outcome: 'failed', detail: 'key not found through the admin API' };
    const res = await ctx.http.request(f.path, { method: 'DELETE', headers: { authorization: `Bearer ${admin}` } });
    if (res.status !== 200) return { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
    const body = ctx.http.json<{ deleted?: boolean }>(res, [admin, c.secret]);
    return body.deleted ? { outcome: 'revoked', httpStatus: 200 } : { outcome: 'failed', detail: 'not deleted', httpStatus: 200 };
  },
};
