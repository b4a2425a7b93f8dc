// Static AWS keys in a GitHub Actions workflow -> OIDC with aws-actions/configure-aws-credentials.
import type { Finding } from '../../core/types.ts';
import type { Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor } from '../../edit/yaml.ts';
import { isIssuer } from '../shared/match.ts';
import { rewriteWorkflows, ensureIdToken, envValue, insertStep, isWorkflowPath, jobsUsing, removeEnv, stepsUsing } from '../shared/workflow.ts';
import { repoSlug, trustPolicy } from './trust.ts';

const KEY_INPUTS = ['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'];
const KEY_ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'];
const AWS_HINTS = ['aws', 's3://', 'terraform', 'cdk ', 'sam ', 'serverless', 'boto3'];
const ROLE = '${{ vars.AWS_ROLE_ARN }}';

/** Rewrite one workflow; returns the new text and notes, or null when there was nothing to change. */
export function rewriteWorkflow(text: string): { text: string; jobs: string[]; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const jobs = new Set<string>();
  const notes: string[] = [];
  for (const step of stepsUsing(ed, 'aws-actions/configure-aws-credentials')) {
    const withPath = [...step.path, 'with'];
    if (!KEY_INPUTS.some((k) => ed.has([...withPath, k]))) continue;
    if (!ed.has([...withPath, 'role-to-assume'])) ed.addToMap(withPath, `role-to-assume: ${ROLE}\n`, 'aws-region');
    if (!ed.has([...withPath, 'aws-region'])) ed.addToMap(withPath, 'aws-region: ${{ vars.AWS_REGION }}\n');
    for (const k of KEY_INPUTS) if (ed.has([...withPath, k])) ed.remove([...withPath, k], false);
    jobs.add(step.job);
  }
  const before = new Map([...jobs].map((j) => [j, envValue(ed, j, 'AWS_REGION') ?? envValue(ed, j, 'AWS_DEFAULT_REGION')]));
  const removed = removeEnv(ed, KEY_ENV);
  for (const job of jobsUsing(ed, removed.jobs, AWS_HINTS)) {
    if (!ed.seq(['jobs', job, 'steps'])) continue;
    jobs.add(job);
    if (stepsUsing(ed, 'aws-actions/configure-aws-credentials').some((s) => s.job === job)) continue;
    const region = envValue(ed, job, 'AWS_REGION') ?? envValue(ed, job, 'AWS_DEFAULT_REGION') ?? before.get(job);
    const regionText = typeof region === 'string' && /^[a-z]{2}(-[a-z]+)+-\d$/.test(region) ? region : '${{ vars.AWS_REGION }}';
    insertStep(ed, job, `uses: aws-actions/configure-aws-credentials@v4\nwith:\n  role-to-assume: ${ROLE}\n  aws-region: ${regionText}\n`);
  }
  if (jobs.size === 0) return null;
  for (const job of jobs) {
    const note = ensureIdToken(ed, job);
    if (note) notes.push(note);
  }
  return { text: ed.text, jobs: [...jobs].sort(), notes };
}

export const awsActionsOidc: Remediator = {
  id: 'aws-actions-oidc',
  summary: 'Static AWS keys in GitHub Actions -> OIDC role via aws-actions/configure-aws-credentials',
  appliesTo: (f: Finding) => isIssuer(f, 'aws') && isWorkflowPath(f.path),
  async plan(findings: Finding[], repo: RepoReader) {
    const rewritten = await rewriteWorkflows(findings, repo, rewriteWorkflow, (path, jobs) =>
      `\`${path}\`: jobs ${jobs} assume an IAM role through GitHub OIDC (\`id-token: write\`, \`role-to-assume: ${ROLE}\`); the static key inputs and env entries are gone.`,
    );
    if (!rewritten) return null;
    const { files, changed, notes } = rewritten;
    const slug = repoSlug(repo);
    const account = findings.map((f) => f.facts?.account ?? f.identity?.account).find((a) => typeof a === 'string') as string | undefined;
    const todo = [
      `In AWS account \`${account ?? '<ACCOUNT_ID>'}\`, add the IAM OIDC provider \`token.actions.githubusercontent.com\` (audience \`sts.amazonaws.com\`) if it does not exist.`,
      `Create an IAM role with the permissions the old key had and this trust policy (pinned to \`${slug.sub}\`):\n\n\`\`\`json\n${trustPolicy(account ?? '<ACCOUNT_ID>', slug.sub)}\n\`\`\``,
      `Store the role ARN as a repository variable: \`gh variable set AWS_ROLE_ARN --body arn:aws:iam::${account ?? '<ACCOUNT_ID>'}:role/<ROLE_NAME>\`${files.some((f) => f.content?.includes('vars.AWS_REGION')) ? ', and `gh variable set AWS_REGION --body <region>`' : ''}.`,
      'Delete the repository/organization secrets that held the old keys, then deactivate and delete the IAM access key.',
      ...notes,
    ];
    return makeChangeSet('aws-actions-oidc', findings, { files, title: 'keyshift: use GitHub OIDC instead of static AWS keys', changed, todo });
  },
};
