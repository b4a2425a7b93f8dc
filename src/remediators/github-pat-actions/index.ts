// Personal access tokens in workflows -> GITHUB_TOKEN with least permissions, or a GitHub App token
// (actions/create-github-app-token) when the job reaches another repository.
import { isMap } from 'yaml';
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor, findScalars, type YamlPath } from '../../edit/yaml.ts';
import { byPath, isIssuer } from '../shared/match.ts';
import { ensurePermissions, isWorkflowPath, type Access } from '../shared/workflow.ts';

const APP_TOKEN = '${{ steps.app-token.outputs.token }}';
const GITHUB_TOKEN = '${{ secrets.GITHUB_TOKEN }}';

/** Least permissions a job needs, from what its steps do (substring hints). */
export function neededPermissions(stepsJson: string): Record<string, Access> {
  const s = stepsJson.toLowerCase();
  const p: Record<string, Access> = { contents: 'read' };
  if (['git push', 'gh release', 'git tag', 'softprops/action-gh-release', 'contents: write'].some((h) => s.includes(h))) p.contents = 'write';
  if (['gh pr', 'pull-request', 'pulls'].some((h) => s.includes(h))) p['pull-requests'] = 'write';
  if (['gh issue', 'issues'].some((h) => s.includes(h))) p.issues = 'write';
  if (['ghcr.io', 'docker push', 'npm.pkg.github.com'].some((h) => s.includes(h))) p.packages = 'write';
  return p;
}

/** True when a job checks out or calls into a repository other than its own. */
function crossRepo(ed: YamlEditor, job: string): boolean {
  const steps = ed.seq(['jobs', job, 'steps'])?.items ?? [];
  return steps.some((s) => {
    if (!isMap(s)) return false;
    const repo = (s.get('with', true) as { get?: (k: string) => unknown } | undefined)?.get?.('repository');
    return typeof repo === 'string' && !repo.includes('github.repository');
  });
}

export function rewriteWorkflow(text: string, secrets: string[]): { text: string; jobs: Map<string, 'app' | 'github-token'>; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const jobs = new Map<string, 'app' | 'github-token'>();
  const paths = secrets.flatMap((s) => findPaths(ed, s));
  for (const path of paths) {
    if (path[0] !== 'jobs' || typeof path[1] !== 'string') continue;
    const job = path[1];
    if (!jobs.has(job)) jobs.set(job, crossRepo(ed, job) ? 'app' : 'github-token');
  }
  if (jobs.size === 0) return null;
  const notes: string[] = [];
  for (const [job, kind] of jobs) {
    const expr = kind === 'app' ? APP_TOKEN : GITHUB_TOKEN;
    for (const s of secrets) for (const p of findPaths(ed, s)) if (p[1] === job) while (ed.replaceInScalar(p, s, expr));
    if (kind === 'app') {
      ed.insertItem(['jobs', job, 'steps'], 0, 'uses: actions/create-github-app-token@v3\nid: app-token\nwith:\n  client-id: ${{ vars.APP_CLIENT_ID }}\n  private-key: ${{ secrets.APP_PRIVATE_KEY }}\n  owner: ${{ github.repository_owner }}\n');
    } else {
      const note = ensurePermissions(ed, job, neededPermissions(JSON.stringify(ed.value(['jobs', job, 'steps']) ?? [])));
      if (note) notes.push(note);
    }
  }
  // Workflow-level env holding the token: no job owns it, use GITHUB_TOKEN there.
  for (const s of secrets) for (const p of findPaths(ed, s)) while (ed.replaceInScalar(p, s, GITHUB_TOKEN));
  return { text: ed.text, jobs, notes };
}

const findPaths = (ed: YamlEditor, secret: string): YamlPath[] => findScalars(ed.doc, secret);

export const githubPatActions: Remediator = {
  id: 'github-pat-actions',
  summary: 'Personal access tokens in workflows -> GITHUB_TOKEN with least permissions, or a GitHub App installation token',
  appliesTo: (f: Finding) => isIssuer(f, 'github') && isWorkflowPath(f.path),
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const notes: string[] = [];
    let app = false;
    for (const [path, fs] of byPath(findings)) {
      const text = await repo.read(path);
      const secrets = fs.map(secretOf).filter((s): s is string => !!s);
      const out = text === null || secrets.length === 0 ? null : rewriteWorkflow(text, secrets);
      if (!out || out.text === text) continue;
      files.push({ path, content: out.text });
      for (const [job, kind] of out.jobs) {
        if (kind === 'app') app = true;
        changed.push(kind === 'app'
          ? `\`${path}\` job \`${job}\`: uses a one-hour GitHub App installation token from \`actions/create-github-app-token\` instead of the personal access token.`
          : `\`${path}\` job \`${job}\`: uses the built-in \`GITHUB_TOKEN\` with explicit least \`permissions:\` instead of the personal access token.`);
      }
      notes.push(...out.notes);
    }
    if (files.length === 0) return null;
    const todo = [
      ...(app ? ['Create (or reuse) a GitHub App with only the permissions the job needs, install it on the repositories it touches, and set the variable `APP_CLIENT_ID` and the secret `APP_PRIVATE_KEY`.'] : []),
      'Check that the granted `permissions:` cover what the job does; widen one scope at a time if a step fails.',
      'Revoke the personal access token (Settings, Developer settings, Personal access tokens) and delete any secret that held it.',
      ...notes,
    ];
    return makeChangeSet('github-pat-actions', findings, { files, title: 'keyshift: replace a personal access token in workflows with a short-lived token', changed, todo });
  },
};
