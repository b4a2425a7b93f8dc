// Anthropic: GET /v1/models (x-api-key) to verify. Identify and deactivate through the Admin API (admin key):
// list api_keys, match partial_key_hint, POST {status:"inactive"}. The Admin API cannot delete keys.
import type { Credential, Issuer, IssuerContext } from '../types.ts';
import { need } from '../http.ts';
import { PermanentError } from '../../core/errors.ts';
import { matchesHint } from '../hint.ts';

interface ApiKey { id?: string; name?: string; partial_key_hint?: string; status?: string; workspace_id?: string | null; created_at?: string; created_by?: { id?: string; type?: string } }
interface Page { data?: ApiKey[]; has_more?: boolean; last_id?: string }

const VERSION = '2023-06-01';

async function find(c: Credential, ctx: IssuerContext): Promise<ApiKey | undefined> {
  const admin = ctx.setting('adminKey');
  if (!admin) return undefined;
  let after: string | undefined;
  for (let page = 0; page < 50; page++) {
    const res = await ctx.http.request(`/v1/organizations/api_keys?limit=100${after ? `&after_id=${encodeURIComponent(after)}` : ''}`, {
      headers: { 'x-api-key': admin, 'anthropic-version': VERSION },
    });
    if (res.status !== 200) throw new PermanentError(`anthropic: admin API HTTP ${res.status}`);
    const body = ctx.http.json<Page>(res, [admin]);
    const hit = need('anthropic', body.data, 'data').find((k) => matchesHint(c.secret, k.partial_key_hint));
    if (hit) return hit;
    if (!body.has_more || !body.last_id) return undefined;
    after = body.last_id;
  }
  return undefined;
}

export const anthropic: Issuer = {
  id: 'anthropic',
  defaultUrl: 'https://api.anthropic.com',
  rate: { minIntervalMs: 50 },
  accepts: (s) => ['sk-ant-api03-', 'sk-ant-admin01-'].some((p) => s.startsWith(p)),
  async verify(c, ctx) {
    const path = c.secret.startsWith('sk-ant-admin01-') ? '/v1/organizations/api_keys?limit=1' : '/v1/models';
    const res = await ctx.http.request(path, { headers: { 'x-api-key': c.secret, 'anthropic-version': VERSION } });
    if (res.status === 200) {
      ctx.http.json(res, [c.secret]);
      return { status: 'live', httpStatus: 200 };
    }
    if (res.status === 401 || res.status === 403) return { status: 'invalid', detail: `HTTP ${res.status}`, httpStatus: res.status };
    return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
  async identify(c, ctx) {
    const k = await find(c, ctx);
    if (!k) return {};
    return { keyId: k.id, name: k.name, account: k.workspace_id ?? undefined, owner: k.created_by?.id, createdAt: k.created_at, status: k.status };
  },
  canRevoke: (_c, ctx) => !!ctx.setting('adminKey'),
  async revoke(c, ctx) {
    const admin = ctx.setting('adminKey');
    if (!admin) return { outcome: 'failed', detail: 'needs an admin key: KEYSHIFT_ISSUER_ANTHROPIC_ADMIN_KEY' };
    const k = await find(c, ctx);
    if (!k?.id) return { outcome: 'failed', detail: 'key not found through the admin API' };
    if (k.status !== 'active') return { outcome: 'already-invalid', detail: k.status };
    const res = await ctx.http.request(`/v1/organizations/api_keys/${encodeURIComponent(k.id)}`, {
      method: 'POST',
      headers: { 'x-api-key': admin, 'anthropic-version': VERSION, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'inactive' }),
    });
    if (res.status !== 200) return { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
    const body = ctx.http.json<ApiKey>(res, [admin, c.secret]);
    return body.status === 'inactive' ? { outcome: 'deactivated', httpStatus: 200 } : { outcome: 'failed', detail: `status ${body.status}`, httpStatus: 200 };
  },
};
