// Pull requests and issues (one number sequence per repository, as on GitHub).
import type { GithubEmulator } from '../index.ts';
import { forbidden, invalid, json, notFound, type Ctx, type Router } from '../router.ts';
import { component } from '../shape.ts';
import { repository, simpleUser } from '../objects.ts';
import type { Issue, Pull, Repo } from '../state.ts';
import { hasPermission, repoFor } from './apps.ts';
import { resolveRef } from '../git.ts';

const isBotOwned = (ctx: Ctx) => ctx.cred?.kind === 'ghs';

async function pullBody(ctx: Ctx, repo: Repo, p: Pull, schema: 'pull-request' | 'pull-request-simple') {
  const api = `${ctx.base}/repos/${repo.fullName}`;
  const headSha = (await resolveRef(repo.dir, `refs/heads/${p.head}`)) ?? '0'.repeat(40);
  const baseSha = (await resolveRef(repo.dir, `refs/heads/${p.base}`)) ?? '0'.repeat(40);
  const repoObj = repository(ctx.state, repo, ctx.base);
  const owner = simpleUser(ctx.state, repo.owner, ctx.base);
  const side = (ref: string, sha: string) => ({ label: `${repo.owner}:${ref}`, ref, sha, user: owner, repo: repoObj });
  const html = `${ctx.base}/${repo.fullName}/pull/${p.number}`;
  const link = (href: string) => ({ href });
  return component(schema, {
    url: `${api}/pulls/${p.number}`, id: p.id, node_id: `PR_${p.id}`, html_url: html, diff_url: `${html}.diff`, patch_url: `${html}.patch`,
    issue_url: `${api}/issues/${p.number}`, commits_url: `${api}/pulls/${p.number}/commits`, review_comments_url: `${api}/pulls/${p.number}/comments`,
    review_comment_url: `${api}/pulls/comments{/number}`, comments_url: `${api}/issues/${p.number}/comments`, statuses_url: `${api}/statuses/${headSha}`,
    number: p.number, state: p.state, locked: false, title: p.title, user: simpleUser(ctx.state, p.user, ctx.base), body: p.body, labels: [], milestone: null,
    active_lock_reason: null, created_at: p.createdAt, updated_at: p.updatedAt, closed_at: p.closedAt, merged_at: null, merge_commit_sha: null,
    assignee: null, assignees: [], requested_reviewers: [], requested_teams: [], head: side(p.head, headSha), base: side(p.base, baseSha),
    _links: { self: link(`${api}/pulls/${p.number}`), html: link(html), issue: link(`${api}/issues/${p.number}`), comments: link(`${api}/issues/${p.number}/comments`),
      review_comments: link(`${api}/pulls/${p.number}/comments`), review_comment: link(`${api}/pulls/comments{/number}`), commits: link(`${api}/pulls/${p.number}/commits`), statuses: link(`${api}/statuses/${headSha}`) },
    author_association: 'NONE', auto_merge: null, draft: p.draft,
    ...(schema === 'pull-request' ? { merged: false, mergeable: null, rebaseable: null, mergeable_state: 'unknown', merged_by: null, comments: 0, review_comments: 0,
      maintainer_can_modify: false, commits: 1, additions: 0, deletions: 0, changed_files: 0 } : {}),
  }, ctx.base);
}

function issueBody(ctx: Ctx, repo: Repo, i: Issue, pull?: Pull) {
  const api = `${ctx.base}/repos/${repo.fullName}`;
  const prHtml = `${ctx.base}/${repo.fullName}/pull/${i.number}`;
  return component('issue', {
    id: i.id, node_id: `I_${i.id}`, url: `${api}/issues/${i.number}`, repository_url: api, labels_url: `${api}/issues/${i.number}/labels{/name}`,
    comments_url: `${api}/issues/${i.number}/comments`, events_url: `${api}/issues/${i.number}/events`, html_url: `${ctx.base}/${repo.fullName}/issues/${i.number}`,
    number: i.number, state: i.state, title: i.title, body: i.body, user: simpleUser(ctx.state, i.user, ctx.base),
    labels: i.labels.map((name, n) => ({ id: n + 1, node_id: `L_${n}`, url: `${api}/labels/${encodeURIComponent(name)}`, name, description: null, color: 'ededed', default: false })),
    assignee: null, assignees: [], milestone: null, locked: false, active_lock_reason: null, comments: i.comments.length,
    pull_request: pull ? { url: `${api}/pulls/${i.number}`, html_url: prHtml, diff_url: `${prHtml}.diff`, patch_url: `${prHtml}.patch`, merged_at: null } : undefined,
    closed_at: i.state === 'closed' ? i.createdAt : null, created_at: i.createdAt, updated_at: i.createdAt, author_association: 'NONE', state_reason: null, draft: undefined,
  }, ctx.base);
}

function commentBody(ctx: Ctx, repo: Repo, i: Issue, c: Issue['comments'][number]) {
  const api = `${ctx.base}/repos/${repo.fullName}`;
  return component('issue-comment', {
    id: c.id, node_id: `IC_${c.id}`, url: `${api}/issues/comments/${c.id}`, html_url: `${ctx.base}/${repo.fullName}/issues/${i.number}#issuecomment-${c.id}`,
    body: c.body, user: simpleUser(ctx.state, c.user, ctx.base), created_at: c.createdAt, updated_at: c.createdAt, issue_url: `${api}/issues/${i.number}`,
    author_association: 'NONE',
  }, ctx.base);
}

/** `owner:branch` or `branch` -> branch, if it is this repository's owner. */
function headBranch(repo: Repo, head: string): string | undefined {
  const i = head.indexOf(':');
  if (i < 0) return head;
  return head.slice(0, i) === repo.owner ? head.slice(i + 1) : undefined;
}

export function register(r: Router, emu: GithubEmulator): void {
  const pullsOf = (repo: Repo) => emu.state.pulls.filter((p) => p.repo === repo.fullName);
  const issueOf = (repo: Repo, n: number) => emu.state.issues.find((i) => i.repo === repo.fullName && i.number === n);

  r.add('POST', '/repos/{owner}/{repo}/pulls', async (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'pull_requests', 'write')) return forbidden();
    const b = ctx.body as { title?: string; head?: string; base?: string; body?: string; draft?: boolean };
    if (typeof b.head !== 'string' || typeof b.base !== 'string' || typeof b.title !== 'string') return invalid('Validation Failed', [{ resource: 'PullRequest', code: 'missing_field', field: 'title/head/base' }]);
    const head = headBranch(repo, b.head);
    if (!head || !(await resolveRef(repo.dir, `refs/heads/${head}`))) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (!(await resolveRef(repo.dir, `refs/heads/${b.base}`))) return invalid('Validation Failed', [{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (pullsOf(repo).some((p) => p.state === 'open' && p.head === head && p.base === b.base)) {
      return invalid('Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${head}.` }]);
    }
    const now = ctx.state.now();
    const p: Pull = { repo: repo.fullName, number: repo.nextNumber++, id: ctx.state.nextId(), title: b.title, body: b.body ?? null, state: 'open', head, base: b.base,
      draft: b.draft ?? false, user: ctx.cred!.owner, createdAt: now, updatedAt: now, closedAt: null };
    ctx.state.pulls.push(p);
    return json(201, await pullBody(ctx, repo, p, 'pull-request'), { location: `${ctx.base}/repos/${repo.fullName}/pulls/${p.number}` });
  });

  r.add('GET', '/repos/{owner}/{repo}/pulls', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const q = ctx.url.searchParams;
    const state = q.get('state') ?? 'open';
    const head = q.get('head');
    const base = q.get('base');
    const per = Math.min(100, Number(q.get('per_page') ?? 30));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const list = pullsOf(repo).filter((p) => (state === 'all' || p.state === state) && (!head || `${repo.owner}:${p.head}` === head) && (!base || p.base === base))
      .sort((a, b) => b.number - a.number);
    const slice = list.slice((page - 1) * per, page * per);
    const headers: Record<string, string> = {};
    if (page * per < list.length) { const next = new URL(ctx.url.toString()); next.searchParams.set('page', String(page + 1)); headers.link = `<${next}>; rel="next"`; }
    return json(200, await Promise.all(slice.map((p) => pullBody(ctx, repo, p, 'pull-request-simple'))), headers);
  });

  r.add('GET', '/repos/{owner}/{repo}/pulls/{pull_number}', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const p = pullsOf(repo).find((x) => x.number === Number(ctx.params.pull_number));
    return p ? json(200, await pullBody(ctx, repo, p, 'pull-request')) : notFound();
  });

  r.add('PATCH', '/repos/{owner}/{repo}/pulls/{pull_number}', async (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'pull_requests', 'write')) return forbidden();
    const p = pullsOf(repo).find((x) => x.number === Number(ctx.params.pull_number));
    if (!p) return notFound();
    const b = ctx.body as { title?: string; body?: string; state?: 'open' | 'closed'; base?: string };
    if (b.state === 'open' && p.state === 'closed') {
      if (!(await resolveRef(repo.dir, `refs/heads/${p.head}`))) return invalid('Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: 'state cannot be changed. The head branch was deleted.' }]);
      if (pullsOf(repo).some((x) => x !== p && x.state === 'open' && x.head === p.head && x.base === p.base)) return invalid('Validation Failed', [{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner}:${p.head}.` }]);
    }
    if (typeof b.title === 'string') p.title = b.title;
    if (typeof b.body === 'string') p.body = b.body;
    if (typeof b.base === 'string') p.base = b.base;
    if (b.state === 'closed' && p.state === 'open') { p.state = 'closed'; p.closedAt = ctx.state.now(); }
    if (b.state === 'open') { p.state = 'open'; p.closedAt = null; }
    p.updatedAt = ctx.state.now();
    return json(200, await pullBody(ctx, repo, p, 'pull-request'));
  });

  r.add('POST', '/repos/{owner}/{repo}/issues', (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'issues', 'write')) return forbidden();
    const b = ctx.body as { title?: string; body?: string; labels?: Array<string | { name: string }> };
    if (typeof b.title !== 'string' || b.title === '') return invalid('Validation Failed', [{ resource: 'Issue', code: 'missing_field', field: 'title' }]);
    const i: Issue = { repo: repo.fullName, number: repo.nextNumber++, id: ctx.state.nextId(), title: b.title, body: b.body ?? null, state: 'open',
      labels: (b.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name)), user: ctx.cred!.owner, createdAt: ctx.state.now(), comments: [] };
    ctx.state.issues.push(i);
    return json(201, issueBody(ctx, repo, i), { location: `${ctx.base}/repos/${repo.fullName}/issues/${i.number}` });
  });

  // Like GitHub, the issues list includes pull requests (marked by `pull_request`).
  r.add('GET', '/repos/{owner}/{repo}/issues', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const q = ctx.url.searchParams;
    const state = q.get('state') ?? 'open';
    const per = Math.min(100, Number(q.get('per_page') ?? 30));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const asIssue = (p: Pull): Issue => issueOf(repo, p.number) ?? { repo: repo.fullName, number: p.number, id: p.id, title: p.title, body: p.body, state: p.state, labels: [], user: p.user, createdAt: p.createdAt, comments: [] };
    const all = [
      ...emu.state.issues.filter((i) => i.repo === repo.fullName && !pullsOf(repo).some((p) => p.number === i.number)).map((i) => ({ i, pull: undefined })),
      ...pullsOf(repo).map((p) => ({ i: { ...asIssue(p), title: p.title, body: p.body, state: p.state }, pull: p })),
    ].filter(({ i }) => state === 'all' || i.state === state).sort((a, b) => b.i.number - a.i.number);
    const headers: Record<string, string> = {};
    if (page * per < all.length) { const next = new URL(ctx.url.toString()); next.searchParams.set('page', String(page + 1)); headers.link = `<${next}>; rel="next"`; }
    return json(200, all.slice((page - 1) * per, page * per).map(({ i, pull }) => issueBody(ctx, repo, i, pull)), headers);
  });

  r.add('PATCH', '/repos/{owner}/{repo}/issues/{issue_number}', (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'issues', 'write')) return forbidden();
    const n = Number(ctx.params.issue_number);
    const i = issueOf(repo, n);
    const pull = pullsOf(repo).find((p) => p.number === n);
    if (!i && !pull) return notFound();
    const b = ctx.body as { title?: string; body?: string; state?: 'open' | 'closed'; labels?: Array<string | { name: string }> };
    for (const t of [i, pull]) {
      if (!t) continue;
      if (typeof b.title === 'string') t.title = b.title;
      if (typeof b.body === 'string') t.body = b.body;
      if (b.state === 'open' || b.state === 'closed') t.state = b.state;
    }
    if (i && b.labels) i.labels = b.labels.map((l) => (typeof l === 'string' ? l : l.name));
    const shown = i ?? { repo: repo.fullName, number: n, id: pull!.id, title: pull!.title, body: pull!.body, state: pull!.state, labels: [], user: pull!.user, createdAt: pull!.createdAt, comments: [] };
    return json(200, issueBody(ctx, repo, shown, pull));
  });

  r.add('GET', '/repos/{owner}/{repo}/issues/{issue_number}', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const i = issueOf(repo, Number(ctx.params.issue_number));
    return i ? json(200, issueBody(ctx, repo, i)) : notFound();
  });

  r.add('POST', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!hasPermission(ctx, isBotOwned(ctx) && pullsOf(repo).some((p) => p.number === Number(ctx.params.issue_number)) ? 'pull_requests' : 'issues', 'write')) return forbidden();
    const n = Number(ctx.params.issue_number);
    let i = issueOf(repo, n);
    const pull = pullsOf(repo).find((p) => p.number === n);
    if (!i && pull) { // a PR's conversation is its issue
      i = { repo: repo.fullName, number: n, id: pull.id, title: pull.title, body: pull.body, state: pull.state, labels: [], user: pull.user, createdAt: pull.createdAt, comments: [] };
      ctx.state.issues.push(i);
    }
    if (!i) return notFound();
    const body = (ctx.body as { body?: string }).body;
    if (typeof body !== 'string' || body === '') return invalid('Validation Failed', [{ resource: 'IssueComment', code: 'missing_field', field: 'body' }]);
    const c = { id: ctx.state.nextId(), body, user: ctx.cred!.owner, createdAt: ctx.state.now() };
    i.comments.push(c);
    return json(201, commentBody(ctx, repo, i, c));
  });

  r.add('GET', '/repos/{owner}/{repo}/issues/{issue_number}/comments', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const i = issueOf(repo, Number(ctx.params.issue_number));
    return json(200, (i?.comments ?? []).map((c) => commentBody(ctx, repo, i!, c)));
  });
}
