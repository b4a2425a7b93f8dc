// GitLab emulator: GET/DELETE /api/v4/personal_access_tokens/self with PRIVATE-TOKEN (or Bearer).
import { randomAlnum, startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

export interface GitlabEmulator extends Emulator {
  mint(opts?: { userId?: number; scopes?: string[]; expiresAt?: string }): Issued;
}

export async function startGitlab(): Promise<GitlabEmulator> {
  let seq = 100;
  const em = await startEmulator((req) => {
    const token = (req.headers['private-token'] as string | undefined) ?? req.bearer;
    if (req.path !== '/api/v4/personal_access_tokens/self') return { status: 404, body: { message: '404 Not Found' } };
    const rec = em.registry.live(token);
    if (!rec) return { status: 401, body: { message: '401 Unauthorized' } };
    if (req.method === 'GET') {
      rec.lastUsedAt = new Date().toISOString();
      return {
        status: 200,
        body: { id: Number(rec.id), name: String(rec.extra.name), revoked: false, created_at: rec.createdAt, scopes: rec.scopes, user_id: rec.extra.userId, last_used_at: rec.lastUsedAt, active: true, expires_at: rec.expiresAt?.slice(0, 10) ?? null },
      };
    }
    if (req.method === 'DELETE') {
      rec.status = 'revoked';
      rec.revocations++;
      return { status: 204 };
    }
    return { status: 405, body: { message: '405 Method Not Allowed' } };
  });
  return Object.assign(em, {
    mint(o: { userId?: number; scopes?: string[]; expiresAt?: string } = {}) {
      return em.registry.add(`glpat-${randomAlnum(20)}`, `user:${o.userId ?? 42}`, {
        id: String(++seq),
        scopes: o.scopes ?? ['api'],
        expiresAt: o.expiresAt ?? new Date(Date.now() + 30 * 86_400_000).toISOString(),
        extra: { userId: o.userId ?? 42, name: 'ci token' },
      });
    },
  });
}
