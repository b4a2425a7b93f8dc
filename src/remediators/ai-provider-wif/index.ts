// OpenAI and Anthropic API keys in workflows and agent code -> the providers' workload identity
// federation: the run's OIDC token is exchanged for a short-lived access token.
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor, findScalars } from '../../edit/yaml.ts';
import { langOf } from '../../edit/source.ts';
import { byPath, issuerOf } from '../shared/match.ts';
import { ensureIdToken, insertStep, isWorkflowPath, jobIds, jobsUsing } from '../shared/workflow.ts';
import { repoSlug } from '../aws-actions-oidc/trust.ts';
import { rewriteSource } from '../source-literal/rewrite.ts';
import { KEY_ENV, TOKEN_ENV, exchangeStep, providerSetup, type Provider } from './steps.ts';

const HINTS: Record<Provider, string[]> = { openai: ['openai', 'gpt'], anthropic: ['anthropic', 'claude'] };

export function rewriteWorkflow(text: string, items: { provider: Provider; secret: string }[]): { text: string; jobs: string[]; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const jobs = new Map<string, Set<Provider>>();
  const add = (j: string, p: Provider) => jobs.set(j, (jobs.get(j) ?? new Set()).add(p));
  for (const { provider, secret } of items) {
    for (;;) {
      const path = findScalars(ed.doc, secret)[0];
      if (!path) break;
      const key = path[path.length - 1];
      const inEnv = path[path.length - 2] === 'env' && typeof key === 'string' && KEY_ENV[provider].includes(key) && ed.value(path) === secret;
      const targets = typeof path[1] === 'string' && path[0] === 'jobs' ? [path[1]] : jobsUsing(ed, jobIds(ed), HINTS[provider]);
      for (const j of targets) add(j, provider);
      if (inEnv) ed.remove(path);
      else if (!ed.replaceInScalar(path, secret, `\${{ env.${TOKEN_ENV[provider]} }}`)) break;
    }
  }
  if (jobs.size === 0) return null;
  const notes: string[] = [];
  for (const [job, providers] of jobs) {
    if (!ed.seq(['jobs', job, 'steps'])) continue;
    for (const p of providers) {
      const have = JSON.stringify(ed.value(['jobs', job, 'steps'])).includes(`${TOKEN_ENV[p]}=$token`);
      if (!have) insertStep(ed, job, exchangeStep(p));
    }
    const n = ensureIdToken(ed, job);
    if (n) notes.push(n);
  }
  return { text: ed.text, jobs: [...jobs.keys()].sort(), notes };
}

const providerOf = (f: Finding): Provider | undefined => {
  const i = issuerOf(f);
  return i === 'openai' || i === 'anthropic' ? i : undefined;
};

export const aiProviderWif: Remediator = {
  id: 'ai-provider-wif',
  summary: 'OpenAI and Anthropic API keys in workflows and agent code -> workload identity federation (short-lived access tokens)',
  appliesTo: (f: Finding) => providerOf(f) !== undefined && (isWorkflowPath(f.path) || langOf(f.path) !== undefined),
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const notes: string[] = [];
    const providers = new Set<Provider>();
    for (const [path, fs] of byPath(findings)) {
      const text = await repo.read(path);
      if (text === null) continue;
      fs.forEach((f) => providers.add(providerOf(f)!));
      if (isWorkflowPath(path)) {
        const items = fs.map((f) => ({ provider: providerOf(f)!, secret: secretOf(f) ?? '' })).filter((x) => x.secret);
        const out = rewriteWorkflow(text, items);
        if (!out || out.text === text) continue;
        files.push({ path, content: out.text });
        changed.push(`\`${path}\`: jobs ${out.jobs.map((j) => `\`${j}\``).join(', ')} exchange the run's OIDC token (\`id-token: write\`) for a short-lived access token, exported masked as ${[...new Set(fs.map((f) => `\`${TOKEN_ENV[providerOf(f)!]}\``))].join(', ')}; the API key is gone.`);
        notes.push(...out.notes);
        continue;
      }
      const out = rewriteSource(text, langOf(path)!, fs, {
        choose(f, bound, lang) {
          if (providerOf(f) !== 'anthropic') return { env: TOKEN_ENV.openai };
          const rename = bound === 'api_key' && lang === 'py' ? 'auth_token' : bound === 'apiKey' && lang === 'js' ? 'authToken' : undefined;
          return { env: TOKEN_ENV.anthropic, rename };
        },
      });
      if (out.text === text) continue;
      files.push({ path, content: out.text });
      changed.push(`\`${path}\`: the API key literal is replaced by a run-time read of ${out.envs.map((e) => `\`${e}\``).join(', ')}, which holds a short-lived federated access token (bearer).`);
    }
    if (files.length === 0) return null;
    const slug = repoSlug(repo);
    const todo = [
      ...[...providers].sort().map((p) => providerSetup(p, slug.sub)),
      'Outside GitHub Actions (servers, agents), fill the same variable at start-up from the platform identity (AWS, GCP, Azure, Kubernetes or SPIFFE JWT) through the same token endpoint, and refresh it before it expires.',
      'Then delete the API key in the provider console.',
      ...notes,
    ];
    return makeChangeSet('ai-provider-wif', findings, { files, title: 'keyshift: use workload identity federation instead of AI provider API keys', changed, todo });
  },
};
