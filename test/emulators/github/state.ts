// In-memory world of the emulator: users, apps, installations, repositories, credentials.
import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { fakeToken, kindOf, type TokenKind } from './tokens.ts';

export type Permissions = Record<string, 'read' | 'write' | 'admin'>;

export interface User { login: string; id: number; type: 'User' | 'Organization' | 'Bot'; name: string; email: string; orgs: string[] }

export interface Credential {
  token: string;
  kind: TokenKind;
  /** Login of the user (or `<slug>[bot]` for installation tokens). */
  owner: string;
  scopes: string[];
  /** ISO time or null (no expiry). */
  expiresAt: string | null;
  status: 'active' | 'revoked';
  createdAt: string;
  revokedAt?: string;
  revokedBy?: string;
  lastUsedAt?: string;
  installationId?: number;
  /** Installation tokens: full names the token may reach. */
  repositories?: string[];
  permissions?: Permissions;
}

export interface App {
  id: number; slug: string; name: string; owner: string; clientId: string;
  privateKey: string; publicKey: KeyObject; webhookSecret: string; permissions: Permissions; events: string[];
}

export interface Installation {
  id: number; appId: number; account: string; selection: 'all' | 'selected';
  repositories: string[]; permissions: Permissions; events: string[]; createdAt: string;
}

export interface Repo {
  id: number; owner: string; name: string; fullName: string; private: boolean; defaultBranch: string;
  dir: string; createdAt: string; nextNumber: number;
}

export interface Pull {
  repo: string; number: number; id: number; title: string; body: string | null; state: 'open' | 'closed';
  head: string; base: string; draft: boolean; user: string; createdAt: string; updatedAt: string; closedAt: string | null;
}
export interface Issue { repo: string; number: number; id: number; title: string; body: string | null; state: 'open' | 'closed'; labels: string[]; user: string; createdAt: string; comments: Comment[] }
export interface Comment { id: number; body: string; user: string; createdAt: string }

export interface Annotation { path: string; start_line: number; end_line: number; annotation_level: string; message: string; title?: string; raw_details?: string; start_column?: number; end_column?: number }
export interface CheckRun {
  repo: string; id: number; name: string; headSha: string; status: string; conclusion: string | null; externalId: string | null;
  title: string | null; summary: string | null; text: string | null; annotations: Annotation[]; startedAt: string; completedAt: string | null; appId?: number;
}
export interface SarifUpload { repo: string; id: string; ref: string; commitSha: string; sarif: unknown; toolName?: string; receivedAt: string }
export interface Run {
  repo: string; id: number; name: string; headSha: string; headBranch: string; event: string; status: string; conclusion: string | null;
  runAttempt: number; createdAt: string; jobs: Array<{ name: string; steps: Array<{ name: string; log: string }> }>;
}

export interface SecretAlert {
  repo: string; number: number; secret: string; secretType: string; state: 'open' | 'resolved'; createdAt: string;
  locations: Array<{ path: string; line: number; commit: string; blobSha?: string }>;
}

const now = (): string => new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');

export class State {
  users = new Map<string, User>();
  apps = new Map<number, App>();
  installations = new Map<number, Installation>();
  repos = new Map<string, Repo>();
  credentials = new Map<string, Credential>();
  pulls: Pull[] = [];
  issues: Issue[] = [];
  checkRuns: CheckRun[] = [];
  sarifs: SarifUpload[] = [];
  runs: Run[] = [];
  alerts: SecretAlert[] = [];
  /** Commits created through POST git/commits: GitHub signs these. */
  signed = new Set<string>();
  private seq = 1000;

  nextId(): number { return ++this.seq; }
  now = now;

  user(login: string, type: User['type'] = 'User'): User {
    let u = this.users.get(login);
    if (!u) {
      u = { login, id: this.nextId(), type, name: login, email: `${login}@users.noreply.example`, orgs: [] };
      this.users.set(login, u);
    }
    return u;
  }

  mint(o: { kind: TokenKind; owner: string; scopes?: string[]; expiresAt?: string | null; token?: string } & Partial<Credential>): Credential {
    const token = o.token ?? fakeToken(o.kind);
    if (kindOf(token) !== o.kind) throw new Error(`token does not have the ${o.kind} format`);
    const cred: Credential = { ...o, token, kind: o.kind, owner: o.owner, scopes: o.scopes ?? [], expiresAt: o.expiresAt ?? null, status: 'active', createdAt: now() };
    this.credentials.set(token, cred);
    return cred;
  }

  /** Active and unexpired, else undefined. */
  live(token: string): Credential | undefined {
    const c = this.credentials.get(token);
    if (!c || c.status !== 'active') return undefined;
    if (c.expiresAt && Date.parse(c.expiresAt) <= Date.now()) return undefined;
    return c;
  }

  revoke(token: string, by: string): boolean {
    const c = this.credentials.get(token);
    if (!c || c.status === 'revoked') return false;
    c.status = 'revoked';
    c.revokedAt = now();
    c.revokedBy = by;
    return true;
  }

  createApp(o: { slug: string; name?: string; owner?: string; permissions?: Permissions; events?: string[] }): App {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const app: App = {
      id: this.nextId(), slug: o.slug, name: o.name ?? o.slug, owner: o.owner ?? 'keyshift-org', clientId: `Iv1.${randomBytes(8).toString('hex')}`,
      privateKey: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(), publicKey,
      webhookSecret: randomBytes(20).toString('hex'),
      permissions: o.permissions ?? { contents: 'write', checks: 'write', pull_requests: 'write', issues: 'write', metadata: 'read', actions: 'read', security_events: 'write', secret_scanning_alerts: 'read' },
      events: o.events ?? ['push', 'pull_request', 'workflow_run', 'installation', 'installation_repositories'],
    };
    this.user(app.owner, 'Organization');
    this.user(`${app.slug}[bot]`, 'Bot');
    this.apps.set(app.id, app);
    return app;
  }

  install(appId: number, account: string, o: { repositories?: string[]; permissions?: Permissions } = {}): Installation {
    const app = this.apps.get(appId);
    if (!app) throw new Error(`no app ${appId}`);
    this.user(account);
    const inst: Installation = {
      id: this.nextId(), appId, account, selection: o.repositories ? 'selected' : 'all', repositories: o.repositories ?? [],
      permissions: o.permissions ?? { ...app.permissions }, events: [...app.events], createdAt: now(),
    };
    this.installations.set(inst.id, inst);
    return inst;
  }

  /** Full names of the repositories an installation can reach. */
  installationRepos(inst: Installation): string[] {
    if (inst.selection === 'selected') return inst.repositories.filter((r) => this.repos.has(r));
    return [...this.repos.values()].filter((r) => r.owner === inst.account).map((r) => r.fullName);
  }

  /** Whether a live credential may read (or write) a repository. */
  canAccess(cred: Credential | undefined, repo: Repo, write = false): boolean {
    if (!cred) return !repo.private && !write;
    if (cred.kind === 'ghs') return (cred.repositories ?? []).includes(repo.fullName) && (!write || cred.permissions?.contents === 'write');
    const u = this.users.get(cred.owner);
    const mine = repo.owner === cred.owner || (u?.orgs.includes(repo.owner) ?? false);
    if (cred.kind === 'ghp' || cred.kind === 'gho') return (mine || !repo.private) && (!write || (mine && cred.scopes.some((s) => s === 'repo' || s === 'public_repo')));
    return mine || (!repo.private && !write);
  }
}
