// Append patterns to the root .gitignore unless it already ignores them.
import ignore from 'ignore';
import type { FileChange, RepoReader } from '../types.ts';

/** The new .gitignore (or null when every path is already ignored). `probe` is a path each pattern must ignore. */
export async function addIgnores(repo: RepoReader, entries: { pattern: string; probe: string }[], comment: string): Promise<FileChange | null> {
  const cur = (await repo.read('.gitignore')) ?? '';
  const ig = ignore().add(cur);
  const missing = entries.filter((e) => !ig.ignores(e.probe));
  if (missing.length === 0) return null;
  const nl = cur.includes('\r\n') ? '\r\n' : '\n';
  const sep = cur === '' || cur.endsWith('\n') ? '' : nl;
  const block = [`# ${comment}`, ...missing.map((e) => e.pattern)].join(nl) + nl;
  return { path: '.gitignore', content: cur + sep + (cur === '' ? '' : nl) + block };
}
