// Check runs: one run per scan, annotations added in batches of 50 (GitHub's per-request cap).
// Messages carry only the redacted preview and a fingerprint prefix, never a secret value.
import { mapGithubErrors } from './errors.ts';
import type { GithubClient } from './octokit.ts';

export interface RepoRef { owner: string; repo: string }

/** What an annotation needs from a finding (a Finding or the queue's Annotation fit). */
export interface CheckFinding {
  path: string; line: number; endLine: number; column?: number; endColumn?: number;
  detector: string; name: string; redacted: string; fingerprint: string;
  level?: 'notice' | 'warning' | 'failure'; reused?: boolean; note?: string;
}

export interface CheckRunOptions {
  name?: string;
  title?: string;
  summary?: string;
  /** Default: failure when there are findings, else success. */
  conclusion?: 'success' | 'failure' | 'neutral' | 'action_required';
  externalId?: string;
}

export const ANNOTATION_BATCH = 50;

export function annotationFor(f: CheckFinding) {
  const oneLine = f.line === f.endLine && f.column !== undefined && f.endColumn !== undefined;
  const parts = [`${f.name} ${f.redacted}`, f.reused ? 'reused: seen in other places too' : '', f.note ?? '', `fingerprint ${f.fingerprint.slice(0, 16)}`];
  return {
    path: f.path, start_line: f.line, end_line: Math.max(f.line, f.endLine),
    ...(oneLine ? { start_column: f.column, end_column: f.endColumn } : {}),
    annotation_level: f.level ?? 'failure', title: `keyshift: ${f.detector}`.slice(0, 255),
    message: `${parts.filter(Boolean).join('; ')}. Rotate it and move to a credential issued at request time.`.slice(0, 64 * 1024),
  } as const;
}

/** Create a check run on `sha` and add every annotation, 50 per PATCH; the last PATCH completes it. */
export async function reportCheckRun(octokit: GithubClient, repo: RepoRef, sha: string, findings: CheckFinding[], o: CheckRunOptions = {}): Promise<{ id: number; patches: number; htmlUrl: string }> {
  const name = o.name ?? 'keyshift';
  const conclusion = o.conclusion ?? (findings.length > 0 ? 'failure' : 'success');
  const title = o.title ?? (findings.length > 0 ? `${findings.length} secret${findings.length === 1 ? '' : 's'} found` : 'No secrets found');
  const summary = (o.summary ?? title).slice(0, 65535);
  const created = await mapGithubErrors(`create check run on ${repo.owner}/${repo.repo}`, () => octokit.rest.checks.create({
    ...repo, name, head_sha: sha, status: 'in_progress', external_id: o.externalId, output: { title, summary },
  }));
  const id = created.data.id;
  const all = findings.map(annotationFor);
  let patches = 0;
  for (let i = 0; i < all.length || patches === 0; i += ANNOTATION_BATCH) {
    const batch = all.slice(i, i + ANNOTATION_BATCH);
    const last = i + ANNOTATION_BATCH >= all.length;
    await mapGithubErrors(`update check run ${id}`, () => octokit.rest.checks.update({
      ...repo, check_run_id: id, output: { title, summary, annotations: batch },
      ...(last ? { status: 'completed' as const, conclusion, completed_at: new Date().toISOString() } : {}),
    }));
    patches += 1;
  }
  return { id, patches, htmlUrl: created.data.html_url ?? '' };
}
