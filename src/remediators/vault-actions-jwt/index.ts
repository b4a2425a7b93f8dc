// Static Vault tokens in workflows -> hashicorp/vault-action with JWT auth (the run's OIDC token).
import type { Finding } from '../../core/types.ts';
import type { Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor } from '../../edit/yaml.ts';
import { isIssuer } from '../shared/match.ts';
import { rewriteWorkflows, ensureIdToken, envValue, insertStep, isWorkflowPath, removeEnv, stepsUsing } from '../shared/workflow.ts';
import { repoSlug } from '../aws-actions-oidc/trust.ts';

const ROLE = '${{ vars.VAULT_ROLE }}';
const AUDIENCE = 'https://github.com/${{ github.repository_owner }}';

export function rewriteWorkflow(text: string): { text: string; jobs: string[]; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const jobs = new Set<string>();
  for (const step of stepsUsing(ed, 'hashicorp/vault-action')) {
    const w = [...step.path, 'with'];
    if (!ed.has([...w, 'token']) && ed.value([...w, 'method']) !== 'token') continue;
    ed.setKey(w, 'method', 'jwt');
    if (!ed.has([...w, 'role'])) ed.addToMap(w, `role: ${ROLE}\n`, 'secrets');
    if (!ed.has([...w, 'jwtGithubAudience'])) ed.addToMap(w, `jwtGithubAudience: ${AUDIENCE}\n`, 'secrets');
    if (ed.has([...w, 'token'])) ed.remove([...w, 'token'], false);
    jobs.add(step.job);
  }
  const addr = new Map<string, unknown>();
  for (const j of Object.keys((ed.value(['jobs']) as object) ?? {})) addr.set(j, envValue(ed, j, 'VAULT_ADDR'));
  const removed = removeEnv(ed, ['VAULT_TOKEN']);
  for (const job of removed.jobs) {
    if (!ed.seq(['jobs', job, 'steps'])) continue;
    jobs.add(job);
    if (stepsUsing(ed, 'hashicorp/vault-action').some((s) => s.job === job)) continue;
    const url = addr.get(job);
    const urlText = typeof url === 'string' && url.startsWith('https://') && !url.includes(' ') ? url : '${{ vars.VAULT_ADDR }}';
    // exportToken puts a short-lived VAULT_TOKEN in the job env for the vault CLI steps that follow.
    insertStep(ed, job, `uses: hashicorp/vault-action@v3\nwith:\n  url: ${urlText}\n  method: jwt\n  role: ${ROLE}\n  jwtGithubAudience: ${AUDIENCE}\n  exportToken: true\n`);
  }
  if (jobs.size === 0) return null;
  const notes = [...jobs].map((j) => ensureIdToken(ed, j)).filter((n): n is string => !!n);
  return { text: ed.text, jobs: [...jobs].sort(), notes };
}

export const vaultActionsJwt: Remediator = {
  id: 'vault-actions-jwt',
  summary: 'Static Vault tokens in workflows -> hashicorp/vault-action with `method: jwt`',
  appliesTo: (f: Finding) => isIssuer(f, 'vault') && isWorkflowPath(f.path),
  async plan(findings: Finding[], repo: RepoReader) {
    const rewritten = await rewriteWorkflows(findings, repo, rewriteWorkflow, (path, jobs) =>
      `\`${path}\`: jobs ${jobs} log in to Vault with the run's OIDC token (\`method: jwt\`, \`id-token: write\`); the static token is gone.`,
    );
    if (!rewritten) return null;
    const { files, changed, notes } = rewritten;
    const slug = repoSlug(repo);
    const todo = [
      `Enable JWT auth in Vault and create a role bound to this repository:\n\n\`\`\`sh\nvault auth enable jwt\nvault write auth/jwt/config oidc_discovery_url="https://token.actions.githubusercontent.com" bound_issuer="https://token.actions.githubusercontent.com"\nvault write auth/jwt/role/gha-${slug.repo} role_type="jwt" user_claim="actor" \\\n  bound_audiences="https://github.com/${slug.owner}" bound_claims_type="glob" \\\n  bound_claims='{"sub":"repo:${slug.owner}/${slug.repo}:*"}' token_policies="<POLICY>" token_ttl="10m"\n\`\`\``,
      `Set the repository variable \`VAULT_ROLE\` to \`gha-${slug.repo}\`${files.some((f) => f.content?.includes('vars.VAULT_ADDR')) ? ' and `VAULT_ADDR` to the Vault URL' : ''}.`,
      'Revoke the static token (`vault token revoke -accessor <accessor>`) and delete the secret that held it.',
      ...notes,
    ];
    return makeChangeSet('vault-actions-jwt', findings, { files, title: 'keyshift: log in to Vault with GitHub OIDC instead of a static token', changed, todo });
  },
};
