// Azure client secrets in GitHub Actions -> azure/login with OIDC (client, tenant, subscription ids only).
import type { Finding } from '../../core/types.ts';
import type { Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor } from '../../edit/yaml.ts';
import { isIssuer } from '../shared/match.ts';
import { rewriteWorkflows, ensureIdToken, envMaps, insertStep, isWorkflowPath, jobsUsing, removeEnv, stepsUsing } from '../shared/workflow.ts';
import { repoSlug } from '../aws-actions-oidc/trust.ts';

const IDS = 'client-id: ${{ vars.AZURE_CLIENT_ID }}\ntenant-id: ${{ vars.AZURE_TENANT_ID }}\nsubscription-id: ${{ vars.AZURE_SUBSCRIPTION_ID }}\n';
const SECRET_INPUTS = ['creds', 'client-secret'];

export function rewriteWorkflow(text: string): { text: string; jobs: string[]; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const jobs = new Set<string>();
  for (const step of stepsUsing(ed, 'azure/login')) {
    const w = [...step.path, 'with'];
    if (!SECRET_INPUTS.some((k) => ed.has([...w, k]))) continue;
    for (const line of IDS.trim().split('\n')) {
      const [k, v] = line.split(': ') as [string, string];
      if (!ed.has([...w, k])) ed.addToMap(w, `${k}: ${v}\n`);
    }
    for (const k of SECRET_INPUTS) if (ed.has([...w, k])) ed.remove([...w, k], false);
    jobs.add(step.job);
  }
  // Terraform's azurerm provider: ARM_CLIENT_SECRET -> ARM_USE_OIDC where the other ARM_* ids stay.
  for (const m of envMaps(ed).reverse()) {
    if (!ed.has([...m.path, 'ARM_CLIENT_SECRET'])) continue;
    ed.remove([...m.path, 'ARM_CLIENT_SECRET'], false);
    if (ed.map(m.path) && !ed.has([...m.path, 'ARM_USE_OIDC'])) ed.addToMap(m.path, "ARM_USE_OIDC: 'true'\n");
    for (const j of m.job ? [m.job] : jobsUsing(ed, Object.keys(ed.value(['jobs']) as object), ['terraform', 'arm_'])) jobs.add(j);
  }
  const removed = removeEnv(ed, ['AZURE_CLIENT_SECRET']);
  for (const job of jobsUsing(ed, removed.jobs, ['az ', 'azure'])) {
    if (!ed.seq(['jobs', job, 'steps'])) continue;
    jobs.add(job);
    if (!stepsUsing(ed, 'azure/login').some((s) => s.job === job)) insertStep(ed, job, `uses: azure/login@v2\nwith:\n${IDS.replace(/^/gm, '  ').trimEnd()}\n`);
  }
  if (jobs.size === 0) return null;
  const notes = [...jobs].map((j) => ensureIdToken(ed, j)).filter((n): n is string => !!n);
  return { text: ed.text, jobs: [...jobs].sort(), notes };
}

export const azureActionsOidc: Remediator = {
  id: 'azure-actions-oidc',
  summary: 'Azure client secrets in GitHub Actions -> azure/login with a federated credential (OIDC)',
  appliesTo: (f: Finding) => isIssuer(f, 'azure') && isWorkflowPath(f.path),
  async plan(findings: Finding[], repo: RepoReader) {
    const rewritten = await rewriteWorkflows(findings, repo, rewriteWorkflow, (path, jobs) =>
      `\`${path}\`: jobs ${jobs} sign in to Azure with OIDC (\`id-token: write\`; client, tenant and subscription ids only); the client secret is gone.`,
    );
    if (!rewritten) return null;
    const { files, changed, notes } = rewritten;
    const slug = repoSlug(repo);
    const todo = [
      `On the app registration (or user-assigned managed identity), add a federated identity credential: issuer \`https://token.actions.githubusercontent.com\`, subject \`${slug.sub}\`, audience \`api://AzureADTokenExchange\`:\n\n\`\`\`sh\naz ad app federated-credential create --id <APP_OBJECT_ID> --parameters '{"name":"github-${slug.repo}","issuer":"https://token.actions.githubusercontent.com","subject":"${slug.sub}","audiences":["api://AzureADTokenExchange"]}'\n\`\`\``,
      'Set the repository variables `AZURE_CLIENT_ID`, `AZURE_TENANT_ID` and `AZURE_SUBSCRIPTION_ID` (identifiers, not secrets).',
      'Delete the client secret on the app registration (`az ad app credential delete`) and the secrets that held it.',
      ...notes,
    ];
    return makeChangeSet('azure-actions-oidc', findings, { files, title: 'keyshift: use OIDC for azure/login instead of a client secret', changed, todo });
  },
};
