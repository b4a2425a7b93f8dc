// Shared plumbing for issuer emulators: a loopback node:http server, a credential registry and fault injection.
import { createServer, type IncomingMessage, type ServerResponse, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';

export interface Issued {
  id: string;
  token: string;
  owner: string;
  scopes: string[];
  createdAt: string;
  expiresAt?: string;
  lastUsedAt?: string;
  status: 'active' | 'revoked' | 'inactive';
  /** How many destructive calls hit this credential (revoke, delete, deactivate). */
  revocations: number;
  extra: Record<string, unknown>;
}

export interface Faults {
  /** Next N requests answer 429 with this Retry-After (seconds). */
  rateLimit?: { count: number; retryAfter: number };
  /** Every request answers with this status (e.g. 503). */
  status?: number;
  /** Delay every answer (ms). */
  delayMs?: number;
  /** Answer with a non-JSON body. */
  malformed?: boolean;
}

export class Registry {
  readonly byToken = new Map<string, Issued>();
  private seq = 0;

  add(token: string, owner: string, opts: Partial<Omit<Issued, 'token' | 'owner'>> = {}): Issued {
    const rec: Issued = {
      id: opts.id ?? `id_${++this.seq}_${randomBytes(3).toString('hex')}`,
      token,
      owner,
      scopes: opts.scopes ?? [],
      createdAt: opts.createdAt ?? new Date(Date.now() - 86_400_000).toISOString(),
      expiresAt: opts.expiresAt,
      lastUsedAt: opts.lastUsedAt,
      status: opts.status ?? 'active',
      revocations: 0,
      extra: opts.extra ?? {},
    };
    this.byToken.set(token, rec);
    return rec;
  }

  /** The record when the token exists, is active and not expired. */
  live(token: string | undefined): Issued | undefined {
    const r = token ? this.byToken.get(token) : undefined;
    if (!r || r.status !== 'active') return undefined;
    if (r.expiresAt && Date.parse(r.expiresAt) < Date.now()) return undefined;
    return r;
  }

  byId(id: string): Issued | undefined {
    for (const r of this.byToken.values()) if (r.id === id) return r;
    return undefined;
  }

  all(): Issued[] {
    return [...this.byToken.values()];
  }

  revokedTokens(): string[] {
    return this.all().filter((r) => r.status !== 'active').map((r) => r.token);
  }
}

export interface Req {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  bearer?: string;
}

export interface Res {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw body (XML and friends). */
  raw?: string;
}

export type Handler = (req: Req) => Res | Promise<Res>;

export interface Emulator {
  url: string;
  registry: Registry;
  faults: Faults;
  requests: { method: string; path: string }[];
  close(): Promise<void>;
}

export async function startEmulator(handler: Handler, registry = new Registry()): Promise<Emulator> {
  const faults: Faults = {};
  const requests: { method: string; path: string }[] = [];
  const server: Server = createServer((req, res) => void serve(req, res));
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push({ method: req.method ?? 'GET', path: u.pathname });
    if (faults.delayMs) await new Promise((r) => setTimeout(r, faults.delayMs));
    if (res.destroyed) return;
    if (faults.rateLimit && faults.rateLimit.count > 0) {
      faults.rateLimit.count--;
      res.writeHead(429, { 'retry-after': String(faults.rateLimit.retryAfter), 'content-type': 'application/json' });
      res.end('{"error":"rate_limited"}');
      return;
    }
    if (faults.status) {
      res.writeHead(faults.status, { 'content-type': 'application/json' });
      res.end('{"error":"injected"}');
      return;
    }
    if (faults.malformed) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('<html>oops');
      return;
    }
    const auth = req.headers.authorization;
    const bearer = auth?.toLowerCase().startsWith('bearer ') ? auth.slice(7).trim() : undefined;
    let out: Res;
    try {
      out = await handler({ method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), bearer });
    } catch (err) {
      out = { status: 500, body: { error: (err as Error).message } };
    }
    const headers: Record<string, string> = { ...out.headers };
    let body = out.raw ?? '';
    if (out.raw === undefined && out.body !== undefined) {
      body = JSON.stringify(out.body);
      headers['content-type'] ??= 'application/json';
    }
    res.writeHead(out.status, headers);
    res.end(body);
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    registry,
    faults,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function randomAlnum(n: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'): string {
  const bytes = randomBytes(n * 2);
  let out = '';
  for (let i = 0; out.length < n; i++) {
    const b = bytes[i % bytes.length]!;
    if (b < 256 - (256 % alphabet.length)) out += alphabet[b % alphabet.length];
    if (i > n * 8) break;
  }
  while (out.length < n) out += alphabet[randomBytes(1)[0]! % alphabet.length];
  return out;
}
