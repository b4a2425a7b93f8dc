// GitHub App: App-JWT client, and installation clients whose tokens are narrowly scoped per job
// (repositories + permissions) and cached in memory until shortly before they expire.
// Tokens are never written anywhere else (not Redis, not logs).
import { createAppAuth } from '@octokit/auth-app';
import { simpleGit, type SimpleGit, type SimpleGitOptions } from 'simple-git';
import { githubBaseUrl } from './config.ts';
import { mapGithubErrors } from './errors.ts';
import { createOctokit, type GithubClient, type OctokitOptions } from './octokit.ts';

export type Permission = 'read' | 'write' | 'admin';
export interface TokenScope {
  /** Repository names (without owner) or ids; omit for all the installation's repositories. */
  repositories?: string[];
  repositoryIds?: number[];
  permissions?: Record<string, Permission>;
}
export interface InstallationToken { token: string; expiresAt: string; permissions: Record<string, string>; repositorySelection?: string }

export interface GithubAppOptions extends Omit<OctokitOptions, 'auth' | 'authStrategy'> {
  appId: number | string;
  privateKey: string;
  /** Refresh a cached token this long before it expires (default 10 min). */
  refreshMarginMs?: number;
}

const keyOf = (id: number, s: TokenScope): string => JSON.stringify([id, [...(s.repositories ?? [])].sort(), [...(s.repositoryIds ?? [])].sort((a, b) => a - b),
  Object.entries(s.permissions ?? {}).sort(([a], [b]) => a.localeCompare(b))]);

export class GithubApp {
  /** Authenticated as the App (JWT): /app, /app/installations, access tokens. */
  readonly octokit: GithubClient;
  private cache = new Map<string, InstallationToken>();
  private inflight = new Map<string, Promise<InstallationToken>>();
  /** Tokens minted (not served from cache) since start: for metrics and tests. */
  minted = 0;

  constructor(private readonly o: GithubAppOptions) {
    this.octokit = createOctokit({ ...o, baseUrl: o.baseUrl ?? githubBaseUrl(), authStrategy: createAppAuth, auth: { appId: o.appId, privateKey: o.privateKey } });
  }

  /** A token for one installation narrowed to `scope`; cached per (installation, scope). */
  async token(installationId: number, scope: TokenScope = {}): Promise<InstallationToken> {
    const key = keyOf(installationId, scope);
    const hit = this.cache.get(key);
    if (hit && Date.parse(hit.expiresAt) - Date.now() > (this.o.refreshMarginMs ?? 600_000)) return hit;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.mint(installationId, scope).finally(() => this.inflight.delete(key));
      this.inflight.set(key, p);
    }
    const t = await p;
    this.cache.set(key, t);
    if (this.cache.size > 1000) { // drop the oldest entries; tokens are cheap to mint again
      for (const k of [...this.cache.keys()].slice(0, this.cache.size - 1000)) this.cache.delete(k);
    }
    return t;
  }

  /** Drop a token from the cache (after a 401: revoked or expired early). */
  forget(token: string): void {
    for (const [k, v] of this.cache) if (v.token === token) this.cache.delete(k);
  }

  private mint(installationId: number, scope: TokenScope): Promise<InstallationToken> {
    return mapGithubErrors(`mint installation token for ${installationId}`, async () => {
      const { data } = await this.octokit.rest.apps.createInstallationAccessToken({
        installation_id: installationId, repositories: scope.repositories, repository_ids: scope.repositoryIds, permissions: scope.permissions,
      });
      this.minted += 1;
      return { token: data.token, expiresAt: data.expires_at, permissions: data.permissions as Record<string, string>, repositorySelection: data.repository_selection };
    });
  }

  /** An Octokit for one installation with a token narrowed to `scope`. */
  async installationOctokit(installationId: number, scope: TokenScope = {}): Promise<GithubClient> {
    const { token } = await this.token(installationId, scope);
    const kit = createOctokit({ ...this.o, auth: token, throttleId: `installation-${installationId}` });
    kit.hook.error('request', (err) => {
      if ((err as { status?: number }).status === 401) this.forget(token);
      throw err;
    });
    return kit;
  }

  /** Revoke a token early (DELETE /installation/token) and forget it. */
  async revoke(token: string): Promise<void> {
    this.forget(token);
    await mapGithubErrors('revoke installation token', () => createOctokit({ ...this.o, auth: token }).rest.apps.revokeInstallationAccessToken());
  }

  /** Every installation of the App. */
  async installations(): Promise<Array<{ id: number; account: string }>> {
    return mapGithubErrors('list installations', async () => {
      const list = await this.octokit.paginate(this.octokit.rest.apps.listInstallations, { per_page: 100 });
      return list.map((i) => ({ id: i.id, account: String((i.account as { login?: string; slug?: string } | null)?.login ?? (i.account as { slug?: string } | null)?.slug ?? '') }));
    });
  }
}

export function githubApp(o: GithubAppOptions): GithubApp {
  return new GithubApp(o);
}

/** Env vars making git send the token as `x-access-token` Basic auth, kept out of argv and remotes. */
export function gitAuthEnv(token: string): Record<string, string> {
  const basic = Buffer.from(`x-access-token:${token}`).toString('base64');
  return { GIT_CONFIG_COUNT: '1', GIT_CONFIG_KEY_0: 'http.extraHeader', GIT_CONFIG_VALUE_0: `Authorization: Basic ${basic}`, GIT_TERMINAL_PROMPT: '0' };
}

/** A minimal environment for git (simple-git `.env()` refuses EDITOR, PAGER...), with token auth if given. */
export function gitEnv(token?: string): Record<string, string> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' };
  return token ? { ...base, ...gitAuthEnv(token) } : base;
}

/** simple-git for `dir` sending `token` as x-access-token (env-only config; nothing lands in .git/config). */
export function gitWithToken(dir: string | undefined, token?: string): SimpleGit {
  // GIT_CONFIG_COUNT is how the auth header reaches git without argv; simple-git blocks it unless allowed.
  const opts = { ...(dir ? { baseDir: dir } : {}), unsafe: { allowUnsafeConfigEnvCount: true },
    allowEnvironment: ['GIT_CONFIG_COUNT', 'GIT_CONFIG_KEY_0', 'GIT_CONFIG_VALUE_0', 'GIT_TERMINAL_PROMPT'] } as unknown as Partial<SimpleGitOptions>;
  return simpleGit(opts).env(gitEnv(token));
}
