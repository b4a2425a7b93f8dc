// GitHub App auth: GET /app, installations, installation access tokens, installation repos, repo.
import type { GithubEmulator } from '../index.ts';
import { forbidden, invalid, json, notFound, unauthorized, type Ctx, type Router } from '../router.ts';
import { installation, integration, repository } from '../objects.ts';
import type { Permissions } from '../state.ts';

const RANK = { read: 1, write: 2, admin: 3 } as const;

/** The repo in the path if the caller may see it (404 otherwise, as GitHub hides private repos). */
export function repoFor(ctx: Ctx, write = false) {
  const repo = ctx.state.repos.get(`${ctx.params.owner}/${ctx.params.repo}`);
  if (!repo || !ctx.state.canAccess(ctx.cred, repo, false)) return { reply: notFound() };
  if (write && !ctx.cred) return { reply: unauthorized() };
  return { repo };
}

/** Whether an installation token holds `perm` at `level` or above (user tokens pass through). */
export function hasPermission(ctx: Ctx, perm: string, level: 'read' | 'write'): boolean {
  if (!ctx.cred) return false;
  if (ctx.cred.kind !== 'ghs') return ctx.cred.kind === 'github_pat' || ctx.cred.scopes.some((s) => s === 'repo' || s === 'public_repo') || level === 'read';
  const have = ctx.cred.permissions?.[perm];
  return have !== undefined && RANK[have] >= RANK[level];
}

export function register(r: Router, emu: GithubEmulator): void {
  r.add('GET', '/app', (ctx) => (ctx.app ? json(200, emu.shape(ctx, 200, integration(ctx.state, ctx.app, ctx.base))) : unauthorized('A JSON web token could not be decoded')));

  r.add('GET', '/app/installations', (ctx) => {
    if (!ctx.app) return unauthorized('A JSON web token could not be decoded');
    const list = [...ctx.state.installations.values()].filter((i) => i.appId === ctx.app!.id).map((i) => installation(ctx.state, i, ctx.base));
    return json(200, list);
  });

  r.add('GET', '/app/installations/{installation_id}', (ctx) => {
    const inst = ctx.state.installations.get(Number(ctx.params.installation_id));
    if (!ctx.app) return unauthorized('A JSON web token could not be decoded');
    return inst && inst.appId === ctx.app.id ? json(200, installation(ctx.state, inst, ctx.base)) : notFound();
  });

  r.add('POST', '/app/installations/{installation_id}/access_tokens', (ctx) => {
    if (!ctx.app) return unauthorized('A JSON web token could not be decoded');
    const inst = ctx.state.installations.get(Number(ctx.params.installation_id));
    if (!inst || inst.appId !== ctx.app.id) return notFound();
    const body = ctx.body as { repositories?: string[]; repository_ids?: number[]; permissions?: Permissions };
    let repos = ctx.state.installationRepos(inst);
    if (body.repositories || body.repository_ids) {
      const wanted = [...(body.repositories ?? []).map((n) => (n.includes('/') ? n : `${inst.account}/${n}`)),
        ...(body.repository_ids ?? []).map((id) => [...ctx.state.repos.values()].find((x) => x.id === id)?.fullName ?? `#${id}`)];
      const missing = wanted.filter((n) => !repos.includes(n));
      if (missing.length > 0) return invalid('There is at least one repository that does not exist or is not accessible to the parent installation.');
      repos = wanted;
    }
    let perms = inst.permissions;
    if (body.permissions) {
      for (const [k, v] of Object.entries(body.permissions)) {
        const have = inst.permissions[k];
        if (!have || RANK[have] < RANK[v]) return invalid(`The permissions requested are not granted to this installation.`);
      }
      perms = body.permissions;
    }
    const expiresAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cred = ctx.state.mint({ kind: 'ghs', owner: `${ctx.app.slug}[bot]`, expiresAt, installationId: inst.id, repositories: repos, permissions: perms, scopes: [] });
    const selected = Boolean(body.repositories || body.repository_ids) || inst.selection === 'selected';
    return json(201, emu.shape(ctx, 201, {
      token: cred.token, expires_at: expiresAt, permissions: perms, repository_selection: selected ? 'selected' : 'all',
      repositories: selected ? repos.map((n) => repository(ctx.state, ctx.state.repos.get(n)!, ctx.base)) : undefined,
    }));
  });

  r.add('GET', '/installation/repositories', (ctx) => {
    if (!ctx.cred) return unauthorized();
    if (ctx.cred.kind !== 'ghs') return forbidden('You must authenticate with an installation access token in order to list repositories for an installation.');
    const all = (ctx.cred.repositories ?? []).map((n) => ctx.state.repos.get(n)).filter((x) => x !== undefined);
    const per = Math.min(100, Number(ctx.url.searchParams.get('per_page') ?? 30));
    const page = Math.max(1, Number(ctx.url.searchParams.get('page') ?? 1));
    const slice = all.slice((page - 1) * per, page * per);
    const headers: Record<string, string> = {};
    if (page * per < all.length) {
      const next = new URL(ctx.url.toString());
      next.searchParams.set('page', String(page + 1));
      next.searchParams.set('per_page', String(per));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return json(200, emu.shape(ctx, 200, { total_count: all.length, repository_selection: 'selected',
      repositories: slice.map((x) => repository(ctx.state, x, ctx.base)) }), headers);
  });

  r.add('GET', '/repos/{owner}/{repo}', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    return json(200, repository(ctx.state, repo, ctx.base, 'full-repository'));
  });
}
