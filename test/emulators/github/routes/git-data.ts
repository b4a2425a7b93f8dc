// Git data API (refs, blobs, trees, commits) and contents, written with git plumbing into the
// bare repository so clones see every change. Commits made here are "signed" (verified).
import type { GithubEmulator } from '../index.ts';
import { forbidden, invalid, json, notFound, type Ctx, type Reply, type Router } from '../router.ts';
import { component } from '../shape.ts';
import type { Repo } from '../state.ts';
import { hasPermission, repoFor } from './apps.ts';
import {
  catBlob, changedPaths, commitTree, deleteRef, git, isAncestor, listRefs, objectType, readCommit, readTree, resolveRef, updateRef, writeBlob, writeTree,
  type CommitInfo, type Entry,
} from '../git.ts';

const api = (ctx: Ctx, repo: Repo) => `${ctx.base}/repos/${repo.fullName}`;

/** Write access to contents (installation: contents: write; PAT: repo scope on its own repos). */
function writeRepo(ctx: Ctx): { repo: Repo; reply?: undefined } | { repo?: undefined; reply: Reply } {
  const { repo, reply } = repoFor(ctx, true);
  if (!repo) return { reply: reply! };
  if (!ctx.state.canAccess(ctx.cred, repo, true) || !hasPermission(ctx, 'contents', 'write')) return { reply: forbidden() };
  return { repo };
}

function refBody(ctx: Ctx, repo: Repo, ref: string, sha: string) {
  return component('git-ref', { ref, node_id: Buffer.from(`0:Ref${repo.id}:${ref}`).toString('base64'), url: `${api(ctx, repo)}/git/${ref}`,
    object: { type: 'commit', sha, url: `${api(ctx, repo)}/git/commits/${sha}` } }, ctx.base);
}

function commitBody(ctx: Ctx, repo: Repo, c: CommitInfo) {
  const verified = ctx.state.signed.has(c.sha);
  return component('git-commit', {
    sha: c.sha, node_id: Buffer.from(`0:Commit${repo.id}:${c.sha}`).toString('base64'), url: `${api(ctx, repo)}/git/commits/${c.sha}`,
    html_url: `${ctx.base}/${repo.fullName}/commit/${c.sha}`, author: c.author, committer: c.committer, message: c.message.replace(/\n$/, ''),
    tree: { sha: c.tree, url: `${api(ctx, repo)}/git/trees/${c.tree}` },
    parents: c.parents.map((p) => ({ sha: p, url: `${api(ctx, repo)}/git/commits/${p}`, html_url: `${ctx.base}/${repo.fullName}/commit/${p}` })),
    verification: verified ? { verified: true, reason: 'valid', signature: '-----BEGIN PGP SIGNATURE-----\n(emulated)\n-----END PGP SIGNATURE-----', payload: null, verified_at: c.committer.date ?? null }
      : { verified: false, reason: 'unsigned', signature: null, payload: null, verified_at: null },
  }, ctx.base);
}

async function treeBody(ctx: Ctx, repo: Repo, sha: string, recursive: boolean) {
  const out = await git(repo.dir, ['ls-tree', '-z', '-l', ...(recursive ? ['-r', '-t'] : []), sha]);
  const tree = out.split('\0').filter(Boolean).map((line) => {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t([\s\S]+)$/.exec(line)!;
    return { path: m[5], mode: m[1], type: m[2], sha: m[3], ...(m[4] !== '-' ? { size: Number(m[4]) } : {}), url: `${api(ctx, repo)}/git/${m[2]}s/${m[3]}` };
  });
  return { sha, url: `${api(ctx, repo)}/git/trees/${sha}`, tree, truncated: false };
}

/** GitHub refuses workflow changes from an App without `workflows: write` (or a PAT without `workflow`). */
async function workflowGuard(ctx: Ctx, repo: Repo, tip: string, exclude: string[]): Promise<Reply | undefined> {
  const c = ctx.cred!;
  const allowed = c.kind === 'ghs' ? c.permissions?.workflows === 'write' : c.kind === 'ghp' || c.kind === 'gho' ? c.scopes.includes('workflow') : true;
  if (allowed) return undefined;
  const touched = (await changedPaths(repo.dir, tip, exclude)).find((p) => p.startsWith('.github/workflows/'));
  if (!touched) return undefined;
  const who = c.kind === 'ghs' ? 'a GitHub App' : 'an OAuth App';
  return forbidden(`refusing to allow ${who} to create or update workflow \`${touched}\` without \`${c.kind === 'ghs' ? 'workflows' : 'workflow'}\` permission`);
}

export function register(r: Router, emu: GithubEmulator): void {
  r.add('GET', '/repos/{owner}/{repo}/git/ref/{ref}', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const ref = `refs/${ctx.params.ref}`;
    const sha = (await listRefs(repo.dir, ref)).find((x) => x.ref === ref)?.sha;
    return sha ? json(200, refBody(ctx, repo, ref, sha)) : notFound();
  });

  r.add('GET', '/repos/{owner}/{repo}/git/matching-refs/{ref}', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const prefix = `refs/${ctx.params.ref}`;
    const refs = (await listRefs(repo.dir)).filter((x) => x.ref.startsWith(prefix));
    return json(200, refs.map((x) => refBody(ctx, repo, x.ref, x.sha)));
  });

  r.add('POST', '/repos/{owner}/{repo}/git/refs', async (ctx) => {
    const { repo, reply } = writeRepo(ctx);
    if (!repo) return reply;
    const { ref, sha } = ctx.body as { ref?: string; sha?: string };
    if (typeof ref !== 'string' || !/^refs\/[^/]+\/.+/.test(ref) || typeof sha !== 'string') return invalid('Reference name must start with \'refs/\' and have at least two slashes.');
    if ((await objectType(repo.dir, sha)) !== 'commit') return invalid('Object does not exist');
    if ((await listRefs(repo.dir, ref)).some((x) => x.ref === ref)) return invalid('Reference already exists');
    const guard = await workflowGuard(ctx, repo, sha, (await listRefs(repo.dir)).map((x) => x.sha));
    if (guard) return guard;
    await updateRef(repo.dir, ref, sha);
    return json(201, refBody(ctx, repo, ref, sha), { location: `${api(ctx, repo)}/git/${ref}` });
  });

  r.add('PATCH', '/repos/{owner}/{repo}/git/refs/{ref}', async (ctx) => {
    const { repo, reply } = writeRepo(ctx);
    if (!repo) return reply;
    const ref = `refs/${ctx.params.ref}`;
    const { sha, force } = ctx.body as { sha?: string; force?: boolean };
    const old = (await listRefs(repo.dir, ref)).find((x) => x.ref === ref)?.sha;
    if (!old) return invalid('Reference does not exist');
    if (typeof sha !== 'string' || (await objectType(repo.dir, sha)) !== 'commit') return invalid('Object does not exist');
    if (!force && !(await isAncestor(repo.dir, old, sha))) return invalid('Update is not a fast forward');
    const guard = await workflowGuard(ctx, repo, sha, [old]);
    if (guard) return guard;
    await updateRef(repo.dir, ref, sha);
    return json(200, refBody(ctx, repo, ref, sha));
  });

  r.add('DELETE', '/repos/{owner}/{repo}/git/refs/{ref}', async (ctx) => {
    const { repo, reply } = writeRepo(ctx);
    if (!repo) return reply;
    const ref = `refs/${ctx.params.ref}`;
    if (!(await listRefs(repo.dir, ref)).some((x) => x.ref === ref)) return invalid('Reference does not exist');
    await deleteRef(repo.dir, ref);
    return { status: 204 };
  });

  r.add('POST', '/repos/{owner}/{repo}/git/blobs', async (ctx) => {
    const { repo, reply } = writeRepo(ctx);
    if (!repo) return reply;
    const { content, encoding = 'utf-8' } = ctx.body as { content?: string; encoding?: string };
    if (typeof content !== 'string' || !['utf-8', 'utf8', 'base64'].includes(encoding)) return invalid('content (string) and encoding utf-8|base64 required');
    const sha = await writeBlob(repo.dir, Buffer.from(content, encoding === 'base64' ? 'base64' : 'utf8'));
    return json(201, { url: `${api(ctx, repo)}/git/blobs/${sha}`, sha }, { location: `${api(ctx, repo)}/git/blobs/${sha}` });
  });

  r.add('GET', '/repos/{owner}/{repo}/git/blobs/{file_sha}', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    if ((await objectType(repo.dir, ctx.params.file_sha!)) !== 'blob') return notFound();
    const data = await catBlob(repo.dir, ctx.params.file_sha!);
    return json(200, { sha: ctx.params.file_sha, node_id: `B_${ctx.params.file_sha}`, size: data.length, url: `${api(ctx, repo)}/git/blobs/${ctx.params.file_sha}`, content: data.toString('base64'), encoding: 'base64' });
  });

  r.add('POST', '/repos/{owner}/{repo}/git/trees', async (ctx) => {
    const { repo, reply } = writeRepo(ctx);
    if (!repo) return reply;
    const { tree, base_tree } = ctx.body as { tree?: Array<{ path?: string; mode?: string; type?: string; sha?: string | null; content?: string }>; base_tree?: string };
    if (!Array.isArray(tree)) return invalid('tree is required');
    let files = new Map<string, Entry>();
    if (base_tree) {
      if ((await objectType(repo.dir, base_tree)) !== 'tree' && (await objectType(repo.dir, base_tree)) !== 'commit') return invalid('base_tree is not a valid tree oid');
      files = await readTree(repo.dir, base_tree);
    }
    for (const e of tree) {
      if (typeof e.path !== 'string' || e.path.startsWith('/') || e.path.split('/').some((s) => s === '' || s === '.' || s === '..')) return invalid(`invalid path: ${String(e.path)}`);
      const mode = e.mode ?? '100644';
      if (!['100644', '100755', '040000', '160000', '120000'].includes(mode)) return invalid(`invalid mode: ${mode}`);
      if (e.sha === null) {
        for (const p of [...files.keys()]) if (p === e.path || p.startsWith(`${e.path}/`)) files.delete(p);
        continue;
      }
      if (typeof e.content === 'string') { files.set(e.path, { mode, type: 'blob', sha: await writeBlob(repo.dir, Buffer.from(e.content, 'utf8')) }); continue; }
      if (typeof e.sha !== 'string') return invalid('tree entry needs sha or content');
      const type = await objectType(repo.dir, e.sha);
      if (e.type === 'tree' || type === 'tree') {
        if (type !== 'tree') return invalid(`tree.sha ${e.sha} is not a valid tree`);
        for (const [p, x] of await readTree(repo.dir, e.sha)) files.set(`${e.path}/${p}`, x);
      } else if (e.type === 'commit') files.set(e.path, { mode: '160000', type: 'commit', sha: e.sha });
      else if (type === 'blob') files.set(e.path, { mode, type: 'blob', sha: e.sha });
      else return invalid(`tree.sha ${e.sha} is not a valid blob`);
    }
    const sha = await writeTree(repo.dir, files);
    return json(201, emu.shape(ctx, 201, await treeBody(ctx, repo, sha, false)));
  });

  r.add('GET', '/repos/{owner}/{repo}/git/trees/{tree_sha}', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const sha = await git(repo.dir, ['rev-parse', '--verify', '--quiet', `${ctx.params.tree_sha}^{tree}`]).then((s) => s.trim(), () => '');
    if (!sha) return notFound();
    const recursive = ['1', 'true'].includes(ctx.url.searchParams.get('recursive') ?? '');
    return json(200, await treeBody(ctx, repo, sha, recursive));
  });

  r.add('POST', '/repos/{owner}/{repo}/git/commits', async (ctx) => {
    const { repo, reply } = writeRepo(ctx);
    if (!repo) return reply;
    const b = ctx.body as { message?: string; tree?: string; parents?: string[]; author?: { name: string; email: string; date?: string }; committer?: { name: string; email: string; date?: string }; signature?: string };
    if (typeof b.message !== 'string' || typeof b.tree !== 'string') return invalid('message and tree are required');
    if ((await objectType(repo.dir, b.tree)) !== 'tree') return invalid('Tree SHA does not exist');
    for (const p of b.parents ?? []) if ((await objectType(repo.dir, p)) !== 'commit') return invalid('Parent SHA does not exist or is not a commit object');
    const actor = ctx.state.user(ctx.cred!.owner);
    const me = { name: actor.login, email: actor.type === 'Bot' ? `${actor.id}+${actor.login}@users.noreply.example` : actor.email };
    const author = b.author ?? b.committer ?? me;
    // GitHub signs commits it creates itself (committer left to GitHub, no custom signature).
    const committer = b.committer ?? { name: 'GitHub', email: 'noreply@github.com' };
    const sha = await commitTree(repo.dir, { tree: b.tree, parents: b.parents ?? [], message: b.message, author, committer });
    if (!b.committer && !b.signature) ctx.state.signed.add(sha);
    return json(201, commitBody(ctx, repo, (await readCommit(repo.dir, sha))!), { location: `${api(ctx, repo)}/git/commits/${sha}` });
  });

  r.add('GET', '/repos/{owner}/{repo}/git/commits/{commit_sha}', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const c = /^[0-9a-f]{4,40}$/.test(ctx.params.commit_sha!) ? await readCommit(repo.dir, ctx.params.commit_sha!) : undefined;
    return c ? json(200, commitBody(ctx, repo, c)) : notFound();
  });

  r.add('GET', '/repos/{owner}/{repo}/contents/{path}', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const ref = ctx.url.searchParams.get('ref') ?? repo.defaultBranch;
    const commit = (await resolveRef(repo.dir, ref)) ?? (await resolveRef(repo.dir, `refs/heads/${ref}`));
    if (!commit) return notFound();
    const path = ctx.params.path!.replace(/\/+$/, '');
    const line = await git(repo.dir, ['ls-tree', '-z', '-l', commit, '--', path]).then((s) => s.split('\0')[0] ?? '', () => '');
    const m = /^(\d+) (\w+) ([0-9a-f]+)\s+(-|\d+)\t([\s\S]+)$/.exec(line);
    if (!m || m[5] !== path) return notFound();
    const links = (p: string, sha: string, type: string) => ({ url: `${api(ctx, repo)}/contents/${p}?ref=${ref}`, git_url: `${api(ctx, repo)}/git/${type}s/${sha}`,
      html_url: `${ctx.base}/${repo.fullName}/${type === 'tree' ? 'tree' : 'blob'}/${ref}/${p}`, download_url: type === 'blob' ? `${ctx.base}/${repo.fullName}/raw/${ref}/${p}` : null });
    const withLinks = (o: ReturnType<typeof links>) => ({ ...o, _links: { self: o.url, git: o.git_url, html: o.html_url } });
    if (m[2] === 'tree') {
      const entries = (await treeBody(ctx, repo, m[3]!, false)).tree.map((e) => ({
        type: e.type === 'tree' ? 'dir' : e.type === 'commit' ? 'submodule' : 'file', size: e.size ?? 0, name: e.path!, path: `${path}/${e.path}`, sha: e.sha!,
        ...withLinks(links(`${path}/${e.path}`, e.sha!, e.type!)),
      }));
      return json(200, entries);
    }
    const data = await catBlob(repo.dir, m[3]!);
    return json(200, {
      type: 'file', encoding: 'base64', size: data.length, name: path.split('/').pop(), path, content: data.toString('base64'), sha: m[3],
      ...withLinks(links(path, m[3]!, 'blob')),
    });
  });
}
