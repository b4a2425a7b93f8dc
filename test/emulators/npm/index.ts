// npm registry emulator: GET /-/whoami, GET /-/npm/v1/tokens (redacted list), DELETE /-/npm/v1/tokens/token/{key}.
import { crc32 } from 'node:zlib';
import { base62 } from '../../../src/core/validators/crc32-base62.ts';
import { randomAlnum, startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

export interface NpmEmulator extends Emulator {
  mint(opts?: { owner?: string; readonly?: boolean }): Issued;
}

export function fakeNpmToken(): string {
  const body = randomAlnum(30);
  return `npm_${body}${base62(crc32(body), 6)}`;
}

export async function startNpm(): Promise<NpmEmulator> {
  const em = await startEmulator((req) => {
    const rec = em.registry.live(req.bearer);
    if (!rec) return { status: 401, body: { error: 'unauthorized' } };
    if (req.path === '/-/whoami' && req.method === 'GET') return { status: 200, body: { username: rec.owner } };
    if (req.path === '/-/npm/v1/tokens' && req.method === 'GET') {
      const mine = em.registry.all().filter((r) => r.owner === rec.owner && r.status === 'active');
      return {
        status: 200,
        body: {
          objects: mine.map((r) => ({ key: r.id, token: `${r.token.slice(0, 6)}...${r.token.slice(-4)}`, cidr_whitelist: null, readonly: r.extra.readonly === true, automation: false, created: r.createdAt, updated: r.createdAt })),
          urls: {},
          total: mine.length,
        },
      };
    }
    const m = /^\/-\/npm\/v1\/tokens\/token\/([^/]+)$/.exec(req.path);
    if (m && req.method === 'DELETE') {
      const target = em.registry.byId(decodeURIComponent(m[1]!));
      if (!target || target.owner !== rec.owner || target.status !== 'active') return { status: 404, body: { error: 'not found' } };
      target.status = 'revoked';
      target.revocations++;
      return { status: 204 };
    }
    return { status: 404, body: { error: 'not found' } };
  });
  return Object.assign(em, {
    mint(o: { owner?: string; readonly?: boolean } = {}) {
      return em.registry.add(fakeNpmToken(), o.owner ?? 'publisher', { id: randomAlnum(36, 'abcdef0123456789'), extra: { readonly: o.readonly ?? false } });
    },
  });
}
