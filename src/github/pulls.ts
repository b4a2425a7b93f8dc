// Pull request primitives: find by head branch, open or update (never reopen a closed one),
// and issues as the fallback when a PR cannot be opened.
import { githubError, mapGithubErrors } from './errors.ts';
import type { GithubClient } from './octokit.ts';
import type { RepoRef } from './checks.ts';

export interface PullSummary { number: number; state: 'open' | 'closed'; merged: boolean; title: string; body: string | null; htmlUrl: string; head: string; base: string }

/** The newest PR (any state) whose head is `owner:branch`, or undefined. */
export async function findPullByHead(octokit: GithubClient, repo: RepoRef, branch: string): Promise<PullSummary | undefined> {
  return mapGithubErrors(`list pulls of ${repo.owner}/${repo.repo}`, async () => {
    const { data } = await octokit.rest.pulls.list({ ...repo, head: `${repo.owner}:${branch}`, state: 'all', per_page: 100 });
    const p = [...data].sort((a, b) => b.number - a.number)[0];
    return p ? { number: p.number, state: p.state as 'open' | 'closed', merged: Boolean(p.merged_at), title: p.title, body: p.body, htmlUrl: p.html_url, head: p.head.ref, base: p.base.ref } : undefined;
  });
}

export interface PullSpec { branch: string; base: string; title: string; body: string; draft?: boolean }
export type PullOutcome = { action: 'created' | 'updated' | 'unchanged' | 'closed'; pull: PullSummary };

/**
 * One PR per branch: create it, or update title/body of the open one. A PR that a human closed
 * (or merged) is left alone and reported as `closed`.
 */
export async function openOrUpdatePull(octokit: GithubClient, repo: RepoRef, spec: PullSpec): Promise<PullOutcome> {
  const existing = await findPullByHead(octokit, repo, spec.branch);
  if (existing && existing.state === 'closed') return { action: 'closed', pull: existing };
  if (existing) {
    if (existing.title === spec.title && (existing.body ?? '') === spec.body) return { action: 'unchanged', pull: existing };
    const { data } = await mapGithubErrors(`update pull ${existing.number}`, () => octokit.rest.pulls.update({ ...repo, pull_number: existing.number, title: spec.title, body: spec.body }));
    return { action: 'updated', pull: { ...existing, title: data.title, body: data.body } };
  }
  try {
    const { data } = await octokit.rest.pulls.create({ ...repo, head: spec.branch, base: spec.base, title: spec.title, body: spec.body, draft: spec.draft });
    return { action: 'created', pull: { number: data.number, state: 'open', merged: false, title: data.title, body: data.body, htmlUrl: data.html_url, head: spec.branch, base: spec.base } };
  } catch (err) {
    // Lost a race with another worker: the PR now exists; update it instead.
    if ((err as { status?: number; message?: string }).status === 422 && /already exists/i.test(String((err as Error).message))) {
      const again = await findPullByHead(octokit, repo, spec.branch);
      if (again) return again.state === 'closed' ? { action: 'closed', pull: again } : openOrUpdatePull(octokit, repo, spec);
    }
    throw githubError(err, `open pull on ${repo.owner}/${repo.repo}`);
  }
}

export async function openIssue(octokit: GithubClient, repo: RepoRef, title: string, body: string, labels: string[] = []): Promise<{ number: number; htmlUrl: string }> {
  const { data } = await mapGithubErrors(`open issue on ${repo.owner}/${repo.repo}`, () => octokit.rest.issues.create({ ...repo, title, body, labels }));
  return { number: data.number, htmlUrl: data.html_url };
}

export async function comment(octokit: GithubClient, repo: RepoRef, issueNumber: number, body: string): Promise<number> {
  const { data } = await mapGithubErrors(`comment on #${issueNumber}`, () => octokit.rest.issues.createComment({ ...repo, issue_number: issueNumber, body }));
  return data.id;
}
