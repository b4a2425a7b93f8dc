// GitHub emulator: loopback HTTP server whose routes and shapes come from @octokit/openapi.
// See README.md in this folder for usage.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, jwtVerify } from 'jose';
import { Router, notFound, unauthorized, type Ctx, type Reply } from './router.ts';
import { shaped, validateResponse } from './shape.ts';
import { State, type App, type Credential, type Installation, type Permissions, type Repo, type Run } from './state.ts';
import type { TokenKind } from './tokens.ts';
import { registerRoutes } from './routes/index.ts';
import { serveGit } from './smart-http.ts';
import { createRepo, commitFiles, type FileSpec } from './repos.ts';
import { serveLogZip } from './routes/actions.ts';
import { sendWebhook, type WebhookOptions } from './webhooks.ts';

export interface Fault {
  /** `METHOD /template`, `/template` (any method) or a RegExp on the request path. */
  route: string | RegExp;
  kind: 'status' | 'secondary' | 'rate429' | 'primary' | 'timeout' | 'malformed' | 'reset';
  status?: number;
  retryAfter?: number;
  /** How many requests it hits (default 1; Infinity for always). */
  times?: number;
}

export interface RequestRecord { method: string; path: string; template?: string; status: number; auth: 'none' | 'token' | 'jwt' | 'basic' }

export interface EmulatorOptions {
  /** Validate every JSON response against its documented schema; mismatches go to `violations`. */
  validate?: boolean;
  /** Max request body in bytes (default 100 MiB, as GitHub's API). */
  maxBody?: number;
}

export class GithubEmulator {
  readonly state = new State();
  readonly router = new Router();
  readonly violations: string[] = [];
  readonly requests: RequestRecord[] = [];
  readonly faults: Array<Fault & { left: number }> = [];
  url = '';
  reposDir = '';
  /** Unauthenticated POST /credentials/revoke calls allowed per hour (GitHub: 60). */
  revokeLimitPerHour = 60;
  /** git template dir (pre-receive hook), made on first createRepo. */
  template?: Promise<string>;
  private server = createServer((req, res) => void this.handle(req, res));
  private sockets = new Set<Socket>();
  private used = new Map<string, number>();

  constructor(readonly options: EmulatorOptions = {}) {
    registerRoutes(this.router, this);
    this.server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
  }

  async start(): Promise<this> {
    this.reposDir = await mkdtemp(join(tmpdir(), 'gh-emu-'));
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
    await rm(this.reposDir, { recursive: true, force: true });
  }

  // ---- test-side helpers -------------------------------------------------------------------
  createUser(login: string, o: { orgs?: string[]; type?: 'User' | 'Organization' } = {}) {
    const u = this.state.user(login, o.type);
    for (const org of o.orgs ?? []) { this.state.user(org, 'Organization'); if (!u.orgs.includes(org)) u.orgs.push(org); }
    return u;
  }

  /** Issue a credential in the registry. Default: classic PAT, scopes ['repo'], no expiry. */
  mintToken(o: { kind?: TokenKind; owner?: string; scopes?: string[]; expiresAt?: string | null; token?: string } = {}): string {
    const owner = o.owner ?? 'octocat';
    this.state.user(owner);
    return this.state.mint({ kind: o.kind ?? 'ghp', owner, scopes: o.scopes ?? ['repo'], expiresAt: o.expiresAt ?? null, token: o.token }).token;
  }

  credential(token: string): Credential | undefined { return this.state.credentials.get(token); }

  createApp(o: Parameters<State['createApp']>[0]): App { return this.state.createApp(o); }

  install(appId: number, account: string, o: { repositories?: string[]; permissions?: Permissions } = {}): Installation {
    return this.state.install(appId, account, o);
  }

  createRepo(fullName: string, o: { private?: boolean; defaultBranch?: string; files?: Record<string, string> } = {}): Promise<Repo> {
    return createRepo(this, fullName, o);
  }

  /** Commit files straight onto a branch (as a push would); returns the commit sha. */
  commit(fullName: string, o: { branch?: string; message?: string; files: Record<string, FileSpec> }): Promise<string> {
    const repo = this.state.repos.get(fullName);
    if (!repo) throw new Error(`no repo ${fullName}`);
    return commitFiles(repo, { branch: o.branch ?? repo.defaultBranch, message: o.message ?? 'update', files: o.files });
  }

  /** Clone URL; with a token, embeds `x-access-token:<token>` as GitHub documents. */
  cloneUrl(fullName: string, token?: string): string {
    const u = new URL(`${this.url}/${fullName}.git`);
    if (token) { u.username = 'x-access-token'; u.password = token; }
    return u.toString();
  }

  registerRun(fullName: string, o: Partial<Omit<Run, 'repo' | 'jobs'>> & { headSha: string; jobs: Run['jobs'] }): Run {
    const run: Run = {
      repo: fullName, id: o.id ?? this.state.nextId(), name: o.name ?? 'CI', headSha: o.headSha, headBranch: o.headBranch ?? 'main',
      event: o.event ?? 'push', status: o.status ?? 'completed', conclusion: o.conclusion ?? 'success', runAttempt: o.runAttempt ?? 1,
      createdAt: o.createdAt ?? this.state.now(), jobs: o.jobs,
    };
    this.state.runs.push(run);
    return run;
  }

  /** GitHub's own secret-scanning alert on a repository (number shares the repo's sequence). */
  addSecretScanningAlert(fullName: string, o: { secret: string; secretType: string; locations: Array<{ path: string; line: number; commit: string; blobSha?: string }> }): number {
    const repo = this.state.repos.get(fullName);
    if (!repo) throw new Error(`no repo ${fullName}`);
    const number = this.state.alerts.filter((a) => a.repo === fullName).length + 1;
    this.state.alerts.push({ repo: fullName, number, secret: o.secret, secretType: o.secretType, state: 'open', createdAt: this.state.now(), locations: o.locations });
    return number;
  }

  sendWebhook(target: string, event: string, o: WebhookOptions) { return sendWebhook(this, target, event, o); }

  fault(f: Fault): void { this.faults.push({ ...f, left: f.times ?? 1 }); }

  // ---- request handling --------------------------------------------------------------------
  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const method = req.method ?? 'GET';
    try {
      if (/^\/[^/]+\/[^/]+\.git\//.test(url.pathname)) return await serveGit(this, req, res, url);
      if (url.pathname.startsWith('/_emulator/logs/')) return await serveLogZip(this, res, url);
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const c of req) {
        size += (c as Buffer).length;
        if (size > (this.options.maxBody ?? 100 * 1024 * 1024)) return this.send(req, res, method, url, undefined, { status: 413, body: { message: 'Payload too large' } }, 'none');
        chunks.push(c as Buffer);
      }
      const raw = Buffer.concat(chunks);
      const hit = this.router.match(method, url.pathname);
      const fault = this.takeFault(method, url.pathname, hit?.route.template);
      if (fault) return this.applyFault(fault, req, res, method, url);
      const auth = await this.authenticate(req);
      if (auth.reply) return this.send(req, res, method, url, hit?.route.template, auth.reply, auth.kind);
      if (!hit) return this.send(req, res, method, url, undefined, notFound(), auth.kind);
      let body: unknown;
      if (raw.length > 0) {
        try { body = JSON.parse(raw.toString('utf8')); } catch {
          return this.send(req, res, method, url, hit.route.template, { status: 400, body: { message: 'Problems parsing JSON' } }, auth.kind);
        }
      }
      const ctx: Ctx = { req, method, url, template: hit.route.template, params: hit.params, body: body ?? {}, raw, cred: auth.cred, app: auth.app, state: this.state, base: this.url };
      const reply = await hit.route.handler(ctx);
      this.send(req, res, method, url, hit.route.template, reply, auth.kind, auth.cred);
    } catch (err) {
      this.send(req, res, method, url, undefined, { status: 500, body: { message: `emulator error: ${(err as Error).message}` } }, 'none');
    }
  }

  private async authenticate(req: IncomingMessage): Promise<{ cred?: Credential; app?: App; kind: RequestRecord['auth']; reply?: Reply }> {
    const h = req.headers.authorization;
    if (!h) return { kind: 'none' };
    const [scheme = '', value = ''] = h.split(/\s+/, 2);
    let token = value;
    let kind: RequestRecord['auth'] = 'token';
    if (/^basic$/i.test(scheme)) {
      const [user = '', pass = ''] = Buffer.from(value, 'base64').toString('utf8').split(':');
      token = pass || user;
      kind = 'basic';
    } else if (!/^(token|bearer)$/i.test(scheme)) return { kind, reply: unauthorized('Bad credentials') };
    if (/^eyJ[\w-]*\.[\w-]+\.[\w-]*$/.test(token)) {
      const app = await this.verifyJwt(token);
      return app ? { kind: 'jwt', app } : { kind: 'jwt', reply: unauthorized('A JSON web token could not be decoded') };
    }
    const cred = this.state.live(token);
    if (!cred) return { kind, reply: unauthorized('Bad credentials') };
    cred.lastUsedAt = this.state.now();
    return { kind, cred };
  }

  private async verifyJwt(token: string): Promise<App | undefined> {
    try {
      const iss = String(decodeJwt(token).iss ?? '');
      const app = [...this.state.apps.values()].find((a) => String(a.id) === iss || a.clientId === iss);
      if (!app) return undefined;
      const { payload } = await jwtVerify(token, app.publicKey, { algorithms: ['RS256'], clockTolerance: 60 });
      if (typeof payload.exp !== 'number' || typeof payload.iat !== 'number' || payload.exp - payload.iat > 660) return undefined;
      return app;
    } catch { return undefined; }
  }

  private takeFault(method: string, path: string, template?: string): Fault | undefined {
    const i = this.faults.findIndex((f) => f.left > 0 && (f.route instanceof RegExp ? f.route.test(path)
      : f.route === `${method} ${template}` || f.route === template || f.route === `${method} ${path}` || f.route === path));
    if (i < 0) return undefined;
    const f = this.faults[i]!;
    f.left -= 1;
    return f;
  }

  private applyFault(f: Fault, req: IncomingMessage, res: ServerResponse, method: string, url: URL): void {
    const reset = Math.floor(Date.now() / 1000) + (f.retryAfter ?? 60);
    switch (f.kind) {
      case 'timeout': return; // never answer; the socket closes with the server
      case 'reset': req.socket.destroy(); return;
      case 'malformed':
        res.writeHead(f.status ?? 200, { 'content-type': 'application/json; charset=utf-8' }).end('{"message": "trunc');
        this.requests.push({ method, path: url.pathname, status: f.status ?? 200, auth: 'none' });
        return;
      case 'secondary':
        return this.send(req, res, method, url, undefined, { status: f.status ?? 403, headers: { 'retry-after': f.retryAfter ?? 1 },
          body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.', documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits' } }, 'none');
      case 'rate429':
        return this.send(req, res, method, url, undefined, { status: 429, headers: { 'retry-after': f.retryAfter ?? 1 }, body: { message: 'Too Many Requests' } }, 'none');
      case 'primary':
        return this.send(req, res, method, url, undefined, { status: 403, headers: { 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': reset },
          body: { message: 'API rate limit exceeded.', documentation_url: 'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting' } }, 'none');
      default:
        return this.send(req, res, method, url, undefined, { status: f.status ?? 500, headers: f.retryAfter ? { 'retry-after': f.retryAfter } : {}, body: { message: 'Server Error' } }, 'none');
    }
  }

  private send(req: IncomingMessage, res: ServerResponse, method: string, url: URL, template: string | undefined, reply: Reply, auth: RequestRecord['auth'], cred?: Credential): void {
    const key = cred?.token ?? req.socket.remoteAddress ?? '-';
    const used = (this.used.get(key) ?? 0) + 1;
    this.used.set(key, used);
    const headers: Record<string, string | number> = {
      'x-github-media-type': 'github.v3; format=json', 'x-github-request-id': `EMU:${this.requests.length + 1}`,
      'x-ratelimit-limit': 5000, 'x-ratelimit-remaining': Math.max(1, 5000 - used), 'x-ratelimit-used': used,
      'x-ratelimit-reset': Math.floor(Date.now() / 1000) + 3600, 'x-ratelimit-resource': 'core', ...reply.headers,
    };
    this.requests.push({ method, path: url.pathname, template, status: reply.status, auth });
    if (reply.raw !== undefined) { res.writeHead(reply.status, headers).end(reply.raw); return; }
    if (reply.body === undefined || reply.status === 204 || reply.status === 304 || reply.status === 302) { res.writeHead(reply.status, headers).end(); return; }
    if (this.options.validate && template) {
      const errs = validateResponse(method, template, reply.status, reply.body);
      if (errs && errs.length > 0) this.violations.push(`${method} ${template} ${reply.status}: ${errs.slice(0, 5).join('; ')}`);
    }
    res.writeHead(reply.status, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.body));
  }

  /** Shape a documented response body (example/schema + fields). */
  shape(ctx: Ctx, status: number, fields: unknown): unknown { return shaped(ctx.method, ctx.template, status, fields, this.url); }
}

export async function startGithubEmulator(options: EmulatorOptions = {}): Promise<GithubEmulator> {
  return new GithubEmulator(options).start();
}
export type { App, Credential, Installation, Repo, Run, Permissions } from './state.ts';
