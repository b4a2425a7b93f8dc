// Commits through the git data API (blobs -> tree -> commit -> ref), so GitHub signs them.
// Low-level helpers for the remediation PR code; branch names and messages are the caller's
// and must never contain secret values.
import { PermanentError } from '../core/errors.ts';
import { githubError, isWorkflowRefusal, WorkflowPermissionError } from './errors.ts';
import type { GithubClient } from './octokit.ts';
import type { RepoRef } from './checks.ts';

export interface FileChange {
  path: string;
  /** New content (string = UTF-8, Buffer = bytes), or null to delete the path. */
  content: string | Buffer | null;
  /** Default 100644; use 100755 for executables. */
  mode?: '100644' | '100755';
}

export interface CommitFilesOptions {
  baseBranch: string;
  branch: string;
  message: string;
  files: FileChange[];
}

export interface CommitResult {
  sha: string;
  branch: string;
  /** The branch did not exist before. */
  created: boolean;
  /** False when the branch already held exactly this change on the current base (no new commit). */
  changed: boolean;
  verified: boolean;
}

async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isWorkflowRefusal(err)) throw new WorkflowPermissionError(`${what}: GitHub refused a workflow change (the App needs workflows: write)`);
    throw githubError(err, what);
  }
}

/** The sha a branch points at, or undefined when it does not exist. */
export async function branchSha(octokit: GithubClient, repo: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const { data } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (err) {
    if ((err as { status?: number }).status === 404) return undefined;
    throw githubError(err, `read branch ${branch}`);
  }
}

/**
 * Put `files` on `branch` as one commit on top of the current `baseBranch` head: creates the
 * branch, or force-moves it (a rerun replaces the previous attempt). Idempotent: if the branch
 * already has this exact tree on this base, nothing is written.
 */
export async function commitFiles(octokit: GithubClient, repo: RepoRef, o: CommitFilesOptions): Promise<CommitResult> {
  if (o.files.length === 0) throw new PermanentError('commitFiles: no files to commit');
  if (o.branch === o.baseBranch) throw new PermanentError('commitFiles: branch must differ from the base branch');
  const where = `${repo.owner}/${repo.repo}`;
  const baseSha = await branchSha(octokit, repo, o.baseBranch);
  if (!baseSha) throw new PermanentError(`commitFiles: base branch ${o.baseBranch} not found in ${where}`);
  const base = await call(`read commit on ${where}`, () => octokit.rest.git.getCommit({ ...repo, commit_sha: baseSha }));

  const tree: Array<{ path: string; mode: '100644' | '100755'; type: 'blob'; sha: string | null }> = [];
  for (const f of o.files) {
    if (f.content === null) { tree.push({ path: f.path, mode: f.mode ?? '100644', type: 'blob' as const, sha: null }); continue; }
    const buf = typeof f.content === 'string' ? Buffer.from(f.content, 'utf8') : f.content;
    const blob = await call(`create blob on ${where}`, () => octokit.rest.git.createBlob({ ...repo, content: buf.toString('base64'), encoding: 'base64' }));
    tree.push({ path: f.path, mode: f.mode ?? '100644', type: 'blob' as const, sha: blob.data.sha });
  }
  const newTree = await call(`create tree on ${where}`, () => octokit.rest.git.createTree({ ...repo, base_tree: base.data.tree.sha, tree }));

  const existing = await branchSha(octokit, repo, o.branch);
  if (existing) {
    const head = await call(`read commit on ${where}`, () => octokit.rest.git.getCommit({ ...repo, commit_sha: existing }));
    if (head.data.tree.sha === newTree.data.sha && head.data.parents.length === 1 && head.data.parents[0]?.sha === baseSha) {
      return { sha: existing, branch: o.branch, created: false, changed: false, verified: head.data.verification?.verified ?? false };
    }
  }
  const commit = await call(`create commit on ${where}`, () => octokit.rest.git.createCommit({ ...repo, message: o.message, tree: newTree.data.sha, parents: [baseSha] }));
  const sha = commit.data.sha;
  if (existing) await call(`update branch ${o.branch} on ${where}`, () => octokit.rest.git.updateRef({ ...repo, ref: `heads/${o.branch}`, sha, force: true }));
  else await call(`create branch ${o.branch} on ${where}`, () => octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${o.branch}`, sha }));
  return { sha, branch: o.branch, created: !existing, changed: true, verified: commit.data.verification?.verified ?? false };
}
