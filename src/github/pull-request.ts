// Opens (or updates) one pull request per ChangeSet, on the GitHub layer's primitives: commitFiles
// (git data API: blobs, tree, commit, ref; GitHub signs the commit) and openOrUpdatePull.
// Idempotent: same change set -> same branch and PR; a PR a human closed is never reopened.
// Without the `workflows` permission, a change to .github/workflows becomes an issue with the patch.
import type { ChangeSet, RepoReader } from '../remediators/types.ts';
import type { Finding } from '../core/types.ts';
import { secretOf } from '../core/secret.ts';
import { planRepo, type RepoPlan } from '../remediators/index.ts';
import { revokedSection, type RevocationFact } from '../remediators/changeset.ts';
import { branchName, commitMessage, readState, renderBody, type PrState } from '../remediators/body.ts';
import { unifiedDiff } from '../edit/diff.ts';
import { scrub } from '../core/redact.ts';
import { PermanentError } from '../core/errors.ts';
import { mapGithubErrors, WorkflowPermissionError } from './errors.ts';
import { commitFiles, branchSha } from './git-data.ts';
import { openOrUpdatePull, openIssue } from './pulls.ts';
import type { GithubClient } from './octokit.ts';

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
  /** Revocation ledger (src/audit/ledger.ts): fills "What was revoked" with what happened and when. */
  ledger?: { revocation(fingerprint: string): Promise<RevocationFact | undefined> };
}

export type PullAction = 'created' | 'updated' | 'unchanged' | 'closed-by-human' | 'issue-created' | 'issue-updated' | 'issue-closed-by-human';

export interface PullResult {
  action: PullAction;
  kind: 'pull' | 'issue';
  number?: number;
  url?: string;
  branch: string;
}

const touchesWorkflows = (set: ChangeSet) => set.files.some((f) => f.path.startsWith('.github/workflows/'));

function sameFindings(a: PrState | undefined, set: ChangeSet): boolean {
  return !!a && a.fingerprints.length === set.fingerprints.length && a.fingerprints.every((f, i) => f === set.fingerprints[i]);
}

/** Throws when any outgoing text holds a secret value (defence in depth; never expected). */
function assertClean(texts: string[], secrets: string[] = []): void {
  for (const s of secrets) if (s.length >= 4 && texts.some((t) => t.includes(s))) throw new PermanentError('refusing to send text that contains a secret value');
}

export async function openRemediationPull(kit: GithubClient, target: PullTarget, planned: ChangeSet, opts: PullOptions = {}): Promise<PullResult> {
  let set = planned;
  if (opts.ledger && set.credentials?.length) {
    const facts = new Map<string, RevocationFact | undefined>();
    for (const c of set.credentials) facts.set(c.fingerprint, await opts.ledger.revocation(c.fingerprint));
    set = { ...set, body: { ...set.body, revoked: revokedSection(set, facts) } };
  }
  const repoRef = { owner: target.owner, repo: target.repo };
  let branch = branchName(set);
  const state: PrState = { v: 1, id: set.id, branch, remediators: set.remediators, fingerprints: set.fingerprints };
  const body = renderBody(set, state);
  const message = commitMessage(set);
  assertClean([branch, set.title, body, message], opts.secrets);
  for (const f of set.files) if (f.content !== null) assertClean([f.content], opts.secrets);

  // An earlier keyshift PR for the same findings (the plan's content may have drifted since)
  // decides the branch; a closed one means a human said no.
  const pulls = await mapGithubErrors('list pull requests', () => kit.paginate(kit.rest.pulls.list, { ...repoRef, state: 'all', per_page: 100 }));
  const ours = pulls.filter((p) => p.head.ref === branch || (p.head.ref.startsWith('keyshift/') && sameFindings(readState(p.body), set)));
  const open = ours.find((p) => p.state === 'open');
  const closed = ours.find((p) => p.state === 'closed');
  if (!open && closed) return { action: 'closed-by-human', kind: 'pull', number: closed.number, url: closed.html_url, branch: closed.head.ref };
  if (open) branch = open.head.ref;
  if (opts.workflowsPermission === false && touchesWorkflows(set) && !open) return openPatchIssue(kit, target, set, state, opts);

  const base = target.base ?? (await mapGithubErrors('get repository', () => kit.rest.repos.get(repoRef))).data.default_branch;
  let changed = false;
  if (!(await humanCommitted(kit, repoRef, branch))) {
    try {
      const files = set.files.map((f) => ({ path: f.path, content: f.content, ...(f.executable ? { mode: '100755' as const } : {}) }));
      changed = (await commitFiles(kit, repoRef, { baseBranch: base, branch, message, files })).changed;
    } catch (err) {
      if (err instanceof WorkflowPermissionError && !open) return openPatchIssue(kit, target, set, { ...state }, opts);
      throw err;
    }
  }
  const { action, pull } = await openOrUpdatePull(kit, repoRef, { branch, base, title: set.title, body: state.branch === branch ? body : renderBody(set, { ...state, branch }) });
  if (action === 'closed') return { action: 'closed-by-human', kind: 'pull', number: pull.number, url: pull.htmlUrl, branch };
  return { action: action === 'unchanged' && changed ? 'updated' : action, kind: 'pull', number: pull.number, url: pull.htmlUrl, branch };
}

/** True when the branch's head commit is not keyshift's: someone worked on it, leave it alone. */
async function humanCommitted(kit: GithubClient, repo: { owner: string; repo: string }, branch: string): Promise<boolean> {
  const sha = await branchSha(kit, repo, branch);
  if (!sha) return false;
  const head = (await mapGithubErrors('read branch head', () => kit.rest.git.getCommit({ ...repo, commit_sha: sha }))).data;
  return !head.message.startsWith('keyshift:');
}

async function readFileAt(kit: GithubClient, target: PullTarget, path: string, ref: string): Promise<string | null> {
  try {
    const r = await kit.rest.repos.getContent({ owner: target.owner, repo: target.repo, path, ref });
    const d = r.data as { content?: string; encoding?: string };
    return d.content !== undefined ? Buffer.from(d.content, (d.encoding as BufferEncoding) ?? 'base64').toString('utf8') : null;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return null;
    throw e;
  }
}

/** RepoReader over a repository through the API (for planning without a checkout). */
export async function githubReader(kit: GithubClient, target: PullTarget): Promise<RepoReader> {
  const { owner, repo } = target;
  const info = (await mapGithubErrors('get repository', () => kit.rest.repos.get({ owner, repo }))).data;
  const sha = await branchSha(kit, { owner, repo }, target.base ?? info.default_branch);
  if (!sha) throw new PermanentError(`branch ${target.base ?? info.default_branch} not found in ${owner}/${repo}`);
  let paths: string[] | undefined;
  return {
    slug: { owner, repo, defaultBranch: info.default_branch },
    read: (path) => mapGithubErrors('read file', () => readFileAt(kit, target, path, sha)),
    async list(prefix = '') {
      paths ??= (await mapGithubErrors('list files', () => kit.rest.git.getTree({ owner, repo, tree_sha: sha, recursive: 'true' }))).data.tree
        .filter((t) => t.type === 'blob' && t.path)
        .map((t) => t.path!);
      return paths.filter((p) => p.startsWith(prefix)).sort();
    },
  };
}

/** An issue carrying the patch, for when the App may not push workflow changes. One per change set. */
async function openPatchIssue(kit: GithubClient, target: PullTarget, set: ChangeSet, state: PrState, opts: PullOptions): Promise<PullResult> {
  const repoRef = { owner: target.owner, repo: target.repo };
  const base = target.base ?? (await mapGithubErrors('get repository', () => kit.rest.repos.get(repoRef))).data.default_branch;
  let patch = '';
  for (const f of set.files) patch += unifiedDiff(f.path, await mapGithubErrors('read base file', () => readFileAt(kit, target, f.path, base)), f.content);
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
  const issues = await mapGithubErrors('list issues', () => kit.paginate(kit.rest.issues.listForRepo, { ...repoRef, state: 'all', per_page: 100 }));
  const ours = issues.filter((i) => !i.pull_request && (readState(i.body)?.branch === state.branch || sameFindings(readState(i.body), set)));
  const open = ours.find((i) => i.state === 'open');
  if (!open && ours.length) return { action: 'issue-closed-by-human', kind: 'issue', number: ours[0]!.number, url: ours[0]!.html_url, branch: state.branch };
  if (open) {
    if (open.body !== body || open.title !== set.title) await mapGithubErrors('update issue', () => kit.rest.issues.update({ ...repoRef, issue_number: open.number, title: set.title, body }));
    return { action: 'issue-updated', kind: 'issue', number: open.number, url: open.html_url, branch: state.branch };
  }
  const created = await openIssue(kit, repoRef, set.title, body);
  return { action: 'issue-created', kind: 'issue', number: created.number, url: created.htmlUrl, branch: state.branch };
}

/**
 * The remediation step for one repository: plan against its default branch through the API and
 * open or update the pull request. Findings must carry their values in memory (same process).
 */
export async function remediateRepository(kit: GithubClient, target: PullTarget, findings: Finding[], opts: Omit<PullOptions, 'secrets'> = {}): Promise<{ plan: RepoPlan; result?: PullResult }> {
  const plan = await planRepo(findings, await githubReader(kit, target));
  if (!plan.combined) return { plan };
  const secrets = findings.map(secretOf).filter((s): s is string => !!s);
  return { plan, result: await openRemediationPull(kit, target, plan.combined, { ...opts, secrets }) };
}
