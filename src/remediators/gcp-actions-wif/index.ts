// GCP service-account keys (committed key files, credentials_json, env) -> Workload Identity Federation.
import type { Finding } from '../../core/types.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor } from '../../edit/yaml.ts';
import { byPath, isIssuer } from '../shared/match.ts';
import { ensureIdToken, insertStep, isWorkflowPath, jobsUsing, removeEnv, stepsUsing } from '../shared/workflow.ts';
import { addIgnores } from '../shared/gitignore.ts';
import { repoSlug } from '../aws-actions-oidc/trust.ts';

const PROVIDER = '${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}';
const KEY_INPUTS = ['credentials_json', 'credentials'];
const KEY_ENV = ['GOOGLE_CREDENTIALS', 'GCP_SA_KEY', 'GOOGLE_APPLICATION_CREDENTIALS', 'GCLOUD_SERVICE_KEY', 'GCP_CREDENTIALS'];

/** Non-secret identifiers of a service-account key file, or null when the text is not one. */
export function keyFileFacts(text: string): { email?: string; project?: string } | null {
  try {
    const j = JSON.parse(text) as Record<string, unknown>;
    if (j.type !== 'service_account') return null;
    return { email: typeof j.client_email === 'string' ? j.client_email : undefined, project: typeof j.project_id === 'string' ? j.project_id : undefined };
  } catch {
    return null;
  }
}

export function rewriteWorkflow(text: string, serviceAccount: string, keyFiles: string[] = []): { text: string; jobs: string[]; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const jobs = new Set<string>();
  for (const step of stepsUsing(ed, 'google-github-actions/auth')) {
    const w = [...step.path, 'with'];
    if (!KEY_INPUTS.some((k) => ed.has([...w, k]))) continue;
    ed.addToMap(w, `workload_identity_provider: ${PROVIDER}\nservice_account: ${serviceAccount}\n`);
    for (const k of KEY_INPUTS) if (ed.has([...w, k])) ed.remove([...w, k], false);
    jobs.add(step.job);
  }
  const removed = removeEnv(ed, KEY_ENV);
  const hinted = jobsUsing(ed, removed.jobs, ['gcloud', 'gsutil', 'terraform', 'google', 'gcp', ...keyFiles.map((k) => k.toLowerCase())]);
  for (const job of hinted) {
    if (!ed.seq(['jobs', job, 'steps'])) continue;
    jobs.add(job);
    if (stepsUsing(ed, 'google-github-actions/auth').some((s) => s.job === job)) continue;
    insertStep(ed, job, `uses: google-github-actions/auth@v3\nwith:\n  workload_identity_provider: ${PROVIDER}\n  service_account: ${serviceAccount}\n`);
  }
  if (jobs.size === 0) return null;
  const notes = [...jobs].map((j) => ensureIdToken(ed, j)).filter((n): n is string => !!n);
  return { text: ed.text, jobs: [...jobs].sort(), notes };
}

export const gcpActionsWif: Remediator = {
  id: 'gcp-actions-wif',
  summary: 'GCP service-account keys -> google-github-actions/auth with Workload Identity Federation',
  appliesTo: (f: Finding) => isIssuer(f, 'gcp') && (isWorkflowPath(f.path) || f.path.endsWith('.json')),
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const notes: string[] = [];
    const keyFiles: string[] = [];
    let email: string | undefined;
    let project: string | undefined;
    const workflows = new Set<string>();
    for (const [path] of byPath(findings)) {
      if (isWorkflowPath(path)) {
        workflows.add(path);
        continue;
      }
      const text = await repo.read(path);
      const facts = text === null ? null : keyFileFacts(text);
      if (!facts) continue;
      email ??= facts.email;
      project ??= facts.project;
      keyFiles.push(path);
      files.push({ path, content: null });
      changed.push(`\`${path}\`: service-account key file deleted.`);
    }
    // Workflows that load a deleted key file (by name) or pass a key to the auth action.
    for (const wf of await repo.list('.github/workflows/')) {
      if (!isWorkflowPath(wf) || workflows.has(wf)) continue;
      const t = (await repo.read(wf)) ?? '';
      if (keyFiles.some((k) => t.includes(k.split('/').pop()!)) || t.includes('credentials_json')) workflows.add(wf);
    }
    const sa = email ?? '${{ vars.GCP_SERVICE_ACCOUNT }}';
    for (const wf of [...workflows].sort()) {
      const text = await repo.read(wf);
      if (text === null) continue;
      const out = rewriteWorkflow(text, sa, keyFiles.map((k) => k.split('/').pop()!));
      if (!out || out.text === text) continue;
      files.push({ path: wf, content: out.text });
      changed.push(`\`${wf}\`: jobs ${out.jobs.map((j) => `\`${j}\``).join(', ')} authenticate with \`google-github-actions/auth\` through Workload Identity Federation (\`id-token: write\`); key inputs and env removed.`);
      notes.push(...out.notes);
    }
    if (files.length === 0) return null;
    const gi = await addIgnores(repo, [{ pattern: 'gha-creds-*.json', probe: 'gha-creds-1.json' }], 'google-github-actions/auth writes short-lived credential files here');
    if (gi) files.push(gi);
    const slug = repoSlug(repo);
    const proj = project ?? '<PROJECT_ID>';
    const todo = [
      `Create a workload identity pool and GitHub provider pinned to this repository:\n\n\`\`\`sh\ngcloud iam workload-identity-pools create github --project=${proj} --location=global\ngcloud iam workload-identity-pools providers create-oidc ${slug.repo} --project=${proj} --location=global \\\n  --workload-identity-pool=github --issuer-uri=https://token.actions.githubusercontent.com \\\n  --attribute-mapping=google.subject=assertion.sub,attribute.repository=assertion.repository \\\n  --attribute-condition="assertion.repository == '${slug.owner}/${slug.repo}'"\n\`\`\``,
      `Let the pool impersonate \`${email ?? '<SERVICE_ACCOUNT_EMAIL>'}\`: \`gcloud iam service-accounts add-iam-policy-binding ${email ?? '<SERVICE_ACCOUNT_EMAIL>'} --role=roles/iam.workloadIdentityUser --member=principalSet://iam.googleapis.com/projects/<PROJECT_NUMBER>/locations/global/workloadIdentityPools/github/attribute.repository/${slug.owner}/${slug.repo}\`.`,
      `Set the repository variable \`GCP_WORKLOAD_IDENTITY_PROVIDER\` to \`projects/<PROJECT_NUMBER>/locations/global/workloadIdentityPools/github/providers/${slug.repo}\`${email ? '' : ' and `GCP_SERVICE_ACCOUNT` to the service account email'}.`,
      'Delete the service-account key in IAM (`gcloud iam service-accounts keys delete <KEY_ID>`) and the secrets that held it.',
      ...notes,
    ];
    return makeChangeSet('gcp-actions-wif', findings, { files, title: 'keyshift: use Workload Identity Federation instead of a GCP service-account key', changed, todo });
  },
};
