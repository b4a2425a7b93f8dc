// npm publish tokens (workflow env, committed .npmrc) -> npm trusted publishing (OIDC, provenance).
import { isMap } from 'yaml';
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor } from '../../edit/yaml.ts';
import { removeLinesContaining } from '../../edit/lines.ts';
import { byPath, isIssuer } from '../shared/match.ts';
import { ensureIdToken, isWorkflowPath, jobIds, removeEnv } from '../shared/workflow.ts';

const TOKEN_ENV = ['NODE_AUTH_TOKEN', 'NPM_TOKEN', 'NPM_AUTH_TOKEN'];

export function rewriteWorkflow(text: string): { text: string; jobs: string[]; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const removed = removeEnv(ed, TOKEN_ENV);
  const jobs = new Set<string>();
  for (const job of jobIds(ed)) {
    ed.seq(['jobs', job, 'steps'])?.items.forEach((s, i) => {
      const run = isMap(s) ? s.get('run') : undefined;
      if (typeof run !== 'string' || !run.includes('npm publish')) return;
      jobs.add(job);
      if (!run.includes('--provenance')) ed.replaceInScalar(['jobs', job, 'steps', i, 'run'], 'npm publish', 'npm publish --provenance');
    });
  }
  if (jobs.size === 0 && removed.jobs.size === 0) return null;
  const notes = [...jobs].map((j) => ensureIdToken(ed, j)).filter((n): n is string => !!n);
  return { text: ed.text, jobs: [...jobs].sort(), notes };
}

export const npmTrustedPublishing: Remediator = {
  id: 'npm-trusted-publishing',
  summary: 'npm publish tokens -> npm trusted publishing (OIDC, `npm publish --provenance`)',
  appliesTo: (f: Finding) => isIssuer(f, 'npm') && (isWorkflowPath(f.path) || f.path === '.npmrc' || f.path.endsWith('/.npmrc')),
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const notes: string[] = [];
    const workflows: string[] = [];
    for (const [path, fs] of byPath(findings)) {
      const text = await repo.read(path);
      if (text === null) continue;
      if (!isWorkflowPath(path)) {
        const secrets = fs.map(secretOf).filter((s): s is string => !!s);
        const next = removeLinesContaining(text, secrets);
        if (next === text) continue;
        files.push({ path, content: next.trim() === '' ? null : next });
        changed.push(`\`${path}\`: the \`_authToken\` line is removed${next.trim() === '' ? ' (file deleted: nothing else was in it)' : ''}.`);
        continue;
      }
      const out = rewriteWorkflow(text);
      if (!out || out.text === text) continue;
      files.push({ path, content: out.text });
      workflows.push(path.split('/').pop()!);
      changed.push(`\`${path}\`: ${out.jobs.length ? `jobs ${out.jobs.map((j) => `\`${j}\``).join(', ')} publish with OIDC trusted publishing (\`id-token: write\`, \`npm publish --provenance\`); ` : ''}the npm token env entries are gone.`);
      notes.push(...out.notes);
    }
    if (files.length === 0) return null;
    const todo = [
      `On npmjs.com, package settings, Trusted publisher: add GitHub Actions with this repository and workflow file ${workflows.length ? workflows.map((w) => `\`${w}\``).join(', ') : '(the publishing workflow)'}.`,
      'Publishing needs npm CLI 11.5.1 or later on a GitHub-hosted runner (for example `actions/setup-node` with `node-version: 24` and `registry-url: https://registry.npmjs.org`).',
      'Then revoke the npm token (`npm token revoke <id>`), delete the secret that held it, and set the package to "Require two-factor authentication and disallow tokens".',
      ...notes,
    ];
    return makeChangeSet('npm-trusted-publishing', findings, { files, title: 'keyshift: publish to npm with trusted publishing instead of a token', changed, todo });
  },
};
