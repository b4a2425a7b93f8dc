// Google Cloud service-account keys: verify by minting a token (JWT-bearer grant signed with the key) at the
// configured token endpoint, never the key file's token_uri. Identify/disable/delete the key by private_key_id
// through the IAM REST API with an admin access token.
import { createSign } from 'node:crypto';
import type { Credential, Issuer, IssuerContext } from '../types.ts';
import { IssuerHttp } from '../http.ts';
import { checkedUrl } from '../config.ts';
import { UsageError } from '../../core/errors.ts';
import { locateKeyFile } from './locate.ts';

export interface SaKey { client_email: string; private_key: string; private_key_id: string; project_id?: string }

/** The key from the leaked JSON, or from a PEM plus facts the detector decoded. */
export function saKeyOf(c: Credential): SaKey | undefined {
  const s = c.secret.trim();
  if (s.startsWith('{')) {
    try {
      const j = JSON.parse(s) as Partial<SaKey> & { type?: string };
      if (j.client_email && j.private_key && j.private_key_id) return { client_email: j.client_email, private_key: j.private_key, private_key_id: j.private_key_id, project_id: j.project_id };
    } catch {
      return undefined;
    }
    return undefined;
  }
  const f = { ...c.finding.facts, ...c.parts } as Record<string, unknown>;
  if (s.includes('PRIVATE KEY') && typeof f.client_email === 'string' && typeof f.private_key_id === 'string') {
    return { client_email: f.client_email, private_key: s.replace(/\\n/g, '\n'), private_key_id: f.private_key_id, project_id: typeof f.project_id === 'string' ? f.project_id : undefined };
  }
  return undefined;
}

const b64u = (v: string | Buffer) => Buffer.from(v).toString('base64url');

function assertion(k: SaKey, aud: string): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64u(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: k.private_key_id }));
  const body = b64u(JSON.stringify({ iss: k.client_email, scope: 'https://www.googleapis.com/auth/cloud-platform', aud, iat: now, exp: now + 600 }));
  const sig = createSign('RSA-SHA256').update(`${head}.${body}`).sign(k.private_key);
  return `${head}.${body}.${b64u(sig)}`;
}

/** The OAuth token endpoint: configured, or beside a configured IAM URL, or Google's. Never the key file's token_uri. */
function tokenUrl(ctx: IssuerContext): string {
  return checkedUrl('gcp', ctx.setting('tokenUrl') ?? (ctx.setting('url') ? `${ctx.baseUrl}/token` : 'https://oauth2.googleapis.com/token'));
}

function tokenHttp(ctx: IssuerContext): IssuerHttp {
  return new IssuerHttp('gcp', new URL(tokenUrl(ctx)).origin, { limiter: ctx.http.limiter });
}

function keyPath(k: SaKey): string {
  return `/v1/projects/-/serviceAccounts/${encodeURIComponent(k.client_email)}/keys/${encodeURIComponent(k.private_key_id)}`;
}

export const gcp: Issuer = {
  id: 'gcp',
  defaultUrl: 'https://iam.googleapis.com',
  rate: { minIntervalMs: 50 },
  accepts: (s) => s.includes('PRIVATE KEY') || s.trimStart().startsWith('{'),
  locate: (c, root) => (saKeyOf(c) ? undefined : locateKeyFile(c, root)),
  async verify(c, ctx) {
    const k = saKeyOf(c);
    if (!k) return { status: 'unknown', detail: 'not a complete service-account key' };
    const http = tokenHttp(ctx);
    const url = tokenUrl(ctx);
    let jwt: string;
    try {
      jwt = assertion(k, url);
    } catch {
      return { status: 'invalid', detail: 'private key does not parse' };
    }
    const res = await http.request(new URL(url).pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt }).toString(),
      secrets: [k.private_key],
    });
    const body = http.json<{ access_token?: string; error?: string }>(res, [k.private_key]);
    const identity = { owner: k.client_email, keyId: k.private_key_id, account: k.project_id };
    if (res.status === 200 && body.access_token) return { status: 'live', httpStatus: 200, identity };
    if (res.status === 400 || res.status === 401) return { status: 'invalid', detail: body.error ?? `HTTP ${res.status}`, httpStatus: res.status, identity };
    return { status: 'unknown', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
  async identify(c, ctx) {
    const k = saKeyOf(c);
    const admin = ctx.setting('accessToken');
    if (!k) return {};
    const base = { owner: k.client_email, keyId: k.private_key_id, account: k.project_id };
    if (!admin) return base;
    const res = await ctx.http.request(keyPath(k), { headers: { authorization: `Bearer ${admin}` } });
    if (res.status !== 200) return base;
    const key = ctx.http.json<{ validAfterTime?: string; validBeforeTime?: string; disabled?: boolean; keyType?: string }>(res, [admin]);
    return { ...base, createdAt: key.validAfterTime, expiresAt: key.validBeforeTime, disabled: key.disabled, keyType: key.keyType };
  },
  canRevoke: (_c, ctx) => !!ctx.setting('accessToken'),
  async revoke(c, ctx) {
    const k = saKeyOf(c);
    if (!k) return { outcome: 'failed', detail: 'not a complete service-account key' };
    const admin = ctx.setting('accessToken');
    if (!admin) throw new UsageError('gcp: needs an admin access token: KEYSHIFT_ISSUER_GCP_ACCESS_TOKEN');
    const del = ctx.setting('mode') === 'delete';
    const res = await ctx.http.request(del ? keyPath(k) : `${keyPath(k)}:disable`, {
      method: del ? 'DELETE' : 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: del ? undefined : JSON.stringify({ serviceAccountKeyDisableReason: 'SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED' }),
    });
    if (res.status === 200) return { outcome: del ? 'revoked' : 'deactivated', httpStatus: 200 };
    if (res.status === 404) return { outcome: 'already-invalid', detail: 'key not found', httpStatus: 404 };
    return { outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status };
  },
};
