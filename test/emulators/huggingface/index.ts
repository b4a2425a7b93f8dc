// Hugging Face emulator: GET /api/whoami-v2 (Bearer) and POST /api/credentials/revoke {credentials: [...]}.
import { randomAlnum, startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

export interface HfEmulator extends Emulator {
  mint(opts?: { owner?: string; role?: 'read' | 'write' }): Issued;
}

export async function startHuggingface(): Promise<HfEmulator> {
  const em = await startEmulator((req) => {
    if (req.path === '/api/whoami-v2' && req.method === 'GET') {
      const rec = em.registry.live(req.bearer);
      if (!rec) return { status: 401, body: { error: 'Invalid credentials in Authorization header' } };
      return { status: 200, body: { type: 'user', name: rec.owner, orgs: [{ name: 'acme-ml' }], auth: { type: 'access_token', accessToken: { displayName: 'laptop', role: rec.scopes[0], createdAt: rec.createdAt } } } };
    }
    if (req.path === '/api/credentials/revoke' && req.method === 'POST') {
      let creds: unknown;
      try {
        creds = (JSON.parse(req.body) as { credentials?: unknown }).credentials;
      } catch {
        return { status: 400, body: { error: 'bad json' } };
      }
      if (!Array.isArray(creds)) return { status: 422, body: { error: 'credentials must be a list' } };
      for (const t of creds) {
        const rec = em.registry.live(String(t));
        if (rec) {
          rec.status = 'revoked';
          rec.revocations++;
        }
      }
      return { status: 202, body: {} };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  return Object.assign(em, {
    mint(o: { owner?: string; role?: 'read' | 'write' } = {}) {
      return em.registry.add(`hf_${randomAlnum(34, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz')}`, o.owner ?? 'alice', { scopes: [o.role ?? 'write'] });
    },
  });
}
