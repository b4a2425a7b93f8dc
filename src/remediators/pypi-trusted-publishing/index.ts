// PyPI API tokens in workflows (.pypirc too) -> PyPI trusted publishing with pypa/gh-action-pypi-publish.
import { isMap } from 'yaml';
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { YamlEditor } from '../../edit/yaml.ts';
import { removeLinesContaining } from '../../edit/lines.ts';
import { byPath, isIssuer } from '../shared/match.ts';
import { ensureIdToken, isWorkflowPath, jobIds, removeEnv, stepsUsing } from '../shared/workflow.ts';

const ACTION = 'pypa/gh-action-pypi-publish@release/v1';

export function rewriteWorkflow(text: string): { text: string; jobs: string[]; notes: string[] } | null {
  const ed = new YamlEditor(text);
  const jobs = new Set<string>();
  for (const step of stepsUsing(ed, 'pypa/gh-action-pypi-publish')) {
    const w = [...step.path, 'with'];
    for (const k of ['password', 'user']) if (ed.has([...w, k])) ed.remove([...w, k]);
    jobs.add(step.job);
  }
  const removed = removeEnv(ed, ['TWINE_PASSWORD', 'TWINE_USERNAME']);
  // A one-line `twine upload` that lost its token becomes the publish action.
  for (const job of removed.jobs) {
    ed.seq(['jobs', job, 'steps'])?.items.forEach((s, i) => {
      const run = isMap(s) ? s.get('run') : undefined;
      if (typeof run !== 'string' || !run.trim().startsWith('twine upload') || run.trim().includes('\n')) return;
      ed.replacePair(['jobs', job, 'steps', i, 'run'], `uses: ${ACTION}`);
      jobs.add(job);
    });
  }
  if (jobs.size === 0 && removed.jobs.size === 0) return null;
  const notes = [...jobs].map((j) => ensureIdToken(ed, j)).filter((n): n is string => !!n);
  for (const j of jobIds(ed)) if (removed.jobs.has(j) && !jobs.has(j)) notes.push(`Job \`${j}\` lost its PyPI token but does not use \`${ACTION}\`: switch its upload step to that action.`);
  return { text: ed.text, jobs: [...jobs].sort(), notes };
}

export const pypiTrustedPublishing: Remediator = {
  id: 'pypi-trusted-publishing',
  summary: 'PyPI API tokens -> PyPI trusted publishing (pypa/gh-action-pypi-publish without a password)',
  appliesTo: (f: Finding) => isIssuer(f, 'pypi') && (isWorkflowPath(f.path) || f.path.endsWith('.pypirc')),
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const notes: string[] = [];
    const workflows: string[] = [];
    for (const [path, fs] of byPath(findings)) {
      const text = await repo.read(path);
      if (text === null) continue;
      if (!isWorkflowPath(path)) {
        const next = removeLinesContaining(text, fs.map(secretOf).filter((s): s is string => !!s));
        if (next === text) continue;
        files.push({ path, content: next });
        changed.push(`\`${path}\`: the token line is removed.`);
        continue;
      }
      const out = rewriteWorkflow(text);
      if (!out || out.text === text) continue;
      files.push({ path, content: out.text });
      workflows.push(path.split('/').pop()!);
      changed.push(`\`${path}\`: jobs ${out.jobs.map((j) => `\`${j}\``).join(', ')} publish with PyPI trusted publishing (\`id-token: write\`, no password input).`);
      notes.push(...out.notes);
    }
    if (files.length === 0) return null;
    const todo = [
      `On pypi.org, project settings, Publishing: add a GitHub trusted publisher with this repository, workflow ${workflows.map((w) => `\`${w}\``).join(', ') || '(the publishing workflow)'} and, recommended, an environment (then add \`environment:\` to the job).`,
      'Trusted publishing does not work from reusable workflows: keep the publish job in the calling workflow.',
      'Then delete the API token on pypi.org and the secret that held it.',
      ...notes,
    ];
    return makeChangeSet('pypi-trusted-publishing', findings, { files, title: 'keyshift: publish to PyPI with trusted publishing instead of a token', changed, todo });
  },
};
