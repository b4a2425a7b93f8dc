// Committed .env files -> deleted, ignored, and replaced by a .env.example with names only.
import type { Finding } from '../../core/types.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { addIgnores } from '../shared/gitignore.ts';
import { byPath } from '../shared/match.ts';

const TEMPLATES = ['.example', '.sample', '.template', '.dist', '.defaults'];

export function isDotenv(path: string): boolean {
  const base = path.split('/').pop() ?? '';
  if (!(base === '.env' || base.startsWith('.env.') || base.endsWith('.env'))) return false;
  return !TEMPLATES.some((t) => base.endsWith(t) || base.includes(t + '.'));
}

/** The same lines with every value emptied: comments, blank lines and order kept. */
export function exampleOf(text: string): string {
  return text
    .split('\n')
    .map((line) => {
      const t = line.trimStart();
      if (t === '' || t.startsWith('#')) return line;
      const eq = line.indexOf('=');
      if (eq === -1) return line.startsWith('export ') ? line : '';
      return line.slice(0, eq + 1) + (line.endsWith('\r') ? '\r' : '');
    })
    .join('\n');
}

export const dotenv: Remediator = {
  id: 'dotenv',
  summary: 'Committed .env files -> removed, ignored, replaced by .env.example with names only',
  appliesTo: (f: Finding) => isDotenv(f.path),
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const ignores: { pattern: string; probe: string }[] = [];
    for (const [path] of byPath(findings)) {
      const text = await repo.read(path);
      if (text === null) continue;
      const example = `${path}.example`;
      files.push({ path, content: null });
      const existing = await repo.read(example);
      if (existing === null) {
        files.push({ path: example, content: exampleOf(text) });
        changed.push(`\`${path}\` is deleted and listed in \`.gitignore\`; \`${example}\` keeps its variable names without values.`);
      } else changed.push(`\`${path}\` is deleted and listed in \`.gitignore\` (\`${example}\` already exists).`);
      const base = path.split('/').pop()!;
      ignores.push({ pattern: base, probe: path });
    }
    if (files.length === 0) return null;
    const gi = await addIgnores(repo, ignores, 'local environment files hold credentials: keep them out of git');
    if (gi) files.push(gi);
    const todo = [
      'Copy the example to the ignored file locally and fill in the values from your secret manager.',
      'Rotate every credential that was in the deleted file: it stays in git history (rewrite history only if policy requires it).',
    ];
    return makeChangeSet('dotenv', findings, { files, title: 'keyshift: stop committing .env files', changed, todo });
  },
};
