// Opens (or updates) one pull request per ChangeSet through the GitHub API. Files are committed
// with the git data API (blobs, tree, commit, ref), so GitHub signs the commit as the App.
// Idempotent: same change set -> same branch and PR; a PR a human closed is never reopened.
// Without the `workflows` permission, a change to .github/workflows becomes an issue with the patch.
import type { Octokit } from '@octokit/rest';
import type { ChangeSet, RepoReader } from '../remediators/types.ts';
import { branchName, commitMessage, readState, renderBody, type PrState } from '../remediators/body.ts';
import { unifiedDiff } from '../edit/diff.ts';
import { scrub } from '../core/redact.ts';
import { PermanentError } from '../core/errors.ts';
import { mapGithubErrors } from './errors.ts';

export interface PullTarget {
  owner: string;
  repo: string;
  /** Base branch; default: the repository's default branch. */
  base?: string;
}

export interface PullOptions {
  /** Secret values behind the change set (in memory): outgoing text is checked and patches scrubbed. */
  secrets?: string[];
  /** false when the App lacks `workflows: write`: workflow changes go to an issue up front. */
  workflowsPermission?: boolean;
}

export type PullAction = 'created' | 'updated' | 'unchanged' | 'closed-by-human' | 'issue-created' | 'issue-updated' | 'issue-closed-by-human';

export interface PullResult {
  action: PullAction;
  kind: 'pull' | 'issue';
  number?: number;
  url?: string;
  branch: string;
}

type Kit = Pick<Octokit, 'rest' | 'paginate'>;

const touchesWorkflows = (set: ChangeSet) => set.files.some((f) => f.path.startsWith('.github/workflows/'));

function sameFindings(a: PrState | undefined, set: ChangeSet): boolean {
  return !!a && a.fingerprints.length === set.fingerprints.length && a.fingerprints.every((f, i) => f === set.fingerprints[i]);
}

/** Throws when any outgoing text holds a secret value (defence in depth; never expected). */
function assertClean(texts: string[], secrets: string[] = []): void {
  for (const s of secrets) if (s.length >= 4 && texts.some((t) => t.includes(s))) throw new PermanentError('refusing to send text that contains a secret value');
}

export async function openRemediationPull(kit: Kit, target: PullTarget, set: ChangeSet, opts: PullOptions = {}): Promise<PullResult> {
  const { owner, repo } = target;
  const branch = branchName(set);
  const state: PrState = { v: 1, id: set.id, branch, remediators: set.remediators, fingerprints: set.fingerprints };
  const body = renderBody(set, state);
  const message = commitMessage(set);
  assertClean([branch, set.title, body, message], opts.secrets);
  for (const f of set.files) if (f.content !== null) assertClean([f.content], opts.secrets);

  // An earlier keyshift PR for the same branch or the same findings decides what happens.
  const pulls = await mapGithubErrors('list pull requests', () =>
    kit.paginate(kit.rest.pulls.list, { owner, repo, state: 'all', per_page: 100 }),
  );
  const ours = pulls.filter((p) => p.head.ref === branch || (p.head.ref.startsWith('keyshift/') && sameFindings(readState(p.body), set)));
  const open = ours.find((p) => p.state === 'open');
  if (!open && ours.some((p) => p.state === 'closed')) {
    const c = ours.find((p) => p.state === 'closed')!;
    return { action: 'closed-by-human', kind: 'pull', number: c.number, url: c.html_url, branch: c.head.ref };
  }
  if (opts.workflowsPermission === false && touchesWorkflows(set) && !open) return openPatchIssue(kit, target, set, state, opts);

  const repoInfo = await mapGithubErrors('get repository', () => kit.rest.repos.get({ owner, repo }));
  const base = target.base ?? repoInfo.data.default_branch;
  const baseSha = (await mapGithubErrors('get base ref', () => kit.rest.git.getRef({ owner, repo, ref: `heads/${base}` }))).data.object.sha;
  const baseTree = (await mapGithubErrors('get base commit', () => kit.rest.git.getCommit({ owner, repo, commit_sha: baseSha }))).data.tree.sha;
  const headBranch = open?.head.ref ?? branch;

  let changed: boolean;
  try {
    changed = await writeBranch(kit, target, set, { baseSha, baseTree, headBranch, message });
  } catch (err) {
    // GitHub refuses commits/refs that touch workflows when the App lacks the `workflows` permission.
    const e = err as { status?: number; message?: string };
    const refused = e.status === 403 || ((e.status === 422 || e.status === 404) && /workflow/i.test(e.message ?? ''));
    if (touchesWorkflows(set) && refused && !open) return openPatchIssue(kit, target, set, state, opts);
    throw await mapGithubErrors('write branch', () => Promise.reject(err));
  }
  if (open) {
    const needs = open.title !== set.title || open.body !== body;
    if (needs) await mapGithubErrors('update pull request', () => kit.rest.pulls.update({ owner, repo, pull_number: open.number, title: set.title, body }));
    return { action: changed || needs ? 'updated' : 'unchanged', kind: 'pull', number: open.number, url: open.html_url, branch: headBranch };
  }
  const pr = await mapGithubErrors('create pull request', () => kit.rest.pulls.create({ owner, repo, title: set.title, head: headBranch, base, body, maintainer_can_modify: true }));
  return { action: 'created', kind: 'pull', number: pr.data.number, url: pr.data.html_url, branch: headBranch };
}

/** Commit the files on top of the base and point the branch at it; false when already there. */
async function writeBranch(kit: Kit, target: PullTarget, set: ChangeSet, o: { baseSha: string; baseTree: string; headBranch: string; message: string }): Promise<boolean> {
  const { owner, repo } = target;
  const tree: { path: string; mode: '100644' | '100755'; type: 'blob'; sha: string | null }[] = [];
  for (const f of set.files) {
    if (f.content === null) {
      tree.push({ path: f.path, mode: '100644', type: 'blob', sha: null });
      continue;
    }
    const blob = await kit.rest.git.createBlob({ owner, repo, content: Buffer.from(f.content, 'utf8').toString('base64'), encoding: 'base64' });
    tree.push({ path: f.path, mode: f.executable ? '100755' : '100644', type: 'blob', sha: blob.data.sha });
  }
  const newTree = (await kit.rest.git.createTree({ owner, repo, base_tree: o.baseTree, tree })).data.sha;
  const ref = `heads/${o.headBranch}`;
  const existing = await kit.rest.git.getRef({ owner, repo, ref }).then((r) => r.data.object.sha, (e: { status?: number }) => {
    if (e.status === 404) return undefined;
    throw e;
  });
  if (existing) {
    const head = (await kit.rest.git.getCommit({ owner, repo, commit_sha: existing })).data;
    if (head.tree.sha === newTree && head.parents.length === 1 && head.parents[0]!.sha === o.baseSha) return false;
    // Someone else committed on the branch: leave their work alone (the body is still refreshed).
    if (!head.message.startsWith('keyshift:')) return false;
  }
  // No author/committer: GitHub records the App and signs the commit.
  const commit = (await kit.rest.git.createCommit({ owner, repo, message: o.message, tree: newTree, parents: [o.baseSha] })).data.sha;
  if (existing) await kit.rest.git.updateRef({ owner, repo, ref, sha: commit, force: true });
  else await kit.rest.git.createRef({ owner, repo, ref: `refs/${ref}`, sha: commit });
  return true;
}

/** RepoReader over a repository through the API (for planning without a checkout). */
export async function githubReader(kit: Kit, target: PullTarget): Promise<RepoReader> {
  const { owner, repo } = target;
  const info = (await mapGithubErrors('get repository', () => kit.rest.repos.get({ owner, repo }))).data;
  const ref = target.base ?? info.default_branch;
  const sha = (await mapGithubErrors('get base ref', () => kit.rest.git.getRef({ owner, repo, ref: `heads/${ref}` }))).data.object.sha;
  let paths: string[] | undefined;
  return {
    slug: { owner, repo, defaultBranch: info.default_branch },
    read: (path) => mapGithubErrors('read file', () => readBase(kit, target, path, sha)),
    async list(prefix = '') {
      paths ??= (await mapGithubErrors('list files', () => kit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' }))).data.tree
        .filter((t) => t.type === 'blob' && t.path)
        .map((t) => t.path!);
      return paths.filter((p) => p.startsWith(prefix)).sort();
    },
  };
}

async function readBase(kit: Kit, target: PullTarget, path: string, ref: string): Promise<string | null> {
  try {
    const r = await kit.rest.repos.getContent({ owner: target.owner, repo: target.repo, path, ref });
    const d = r.data as { content?: string; encoding?: string };
    return d.content !== undefined ? Buffer.from(d.content, (d.encoding as BufferEncoding) ?? 'base64').toString('utf8') : null;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
}

/** An issue carrying the patch, for when the App may not push workflow changes. */
async function openPatchIssue(kit: Kit, target: PullTarget, set: ChangeSet, state: PrState, opts: PullOptions): Promise<PullResult> {
  const { owner, repo } = target;
  const base = target.base ?? (await mapGithubErrors('get repository', () => kit.rest.repos.get({ owner, repo }))).data.default_branch;
  let patch = '';
  for (const f of set.files) patch += unifiedDiff(f.path, await mapGithubErrors('read base file', () => readBase(kit, target, f.path, base)), f.content);
  patch = scrub(patch, opts.secrets ?? []);
  const extra = [
    '### Patch',
    'keyshift may not push changes to `.github/workflows` (the App lacks the `workflows` permission), so here is the change as a patch. Removed lines show credentials redacted: apply it by hand, or run `keyshift fix` in a checkout.',
    '',
    '```diff',
    patch.trimEnd(),
    '```',
  ].join('\n');
  const body = renderBody(set, state, extra);
  assertClean([body], opts.secrets);
  const issues = await mapGithubErrors('list issues', () => kit.paginate(kit.rest.issues.listForRepo, { owner, repo, state: 'all', per_page: 100 }));
  const ours = issues.filter((i) => !i.pull_request && (readState(i.body)?.branch === state.branch || sameFindings(readState(i.body), set)));
  const open = ours.find((i) => i.state === 'open');
  if (!open && ours.length) return { action: 'issue-closed-by-human', kind: 'issue', number: ours[0]!.number, url: ours[0]!.html_url, branch: state.branch };
  if (open) {
    if (open.body !== body || open.title !== set.title) await mapGithubErrors('update issue', () => kit.rest.issues.update({ owner, repo, issue_number: open.number, title: set.title, body }));
    return { action: 'issue-updated', kind: 'issue', number: open.number, url: open.html_url, branch: state.branch };
  }
  const created = await mapGithubErrors('create issue', () => kit.rest.issues.create({ owner, repo, title: set.title, body }));
  return { action: 'issue-created', kind: 'issue', number: created.data.number, url: created.data.html_url, branch: state.branch };
}
