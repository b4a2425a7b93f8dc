// owner/repo and default branch of a local checkout, read from .git files (never runs git, so a
// hostile repository config cannot run anything).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoReader } from './types.ts';

const read = (p: string) => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

export function githubSlug(root: string): RepoReader['slug'] {
  const config = read(join(root, '.git', 'config'));
  if (!config) return undefined;
  const section = config.split('[remote "origin"]')[1]?.split('\n[')[0] ?? '';
  const url = section.split('\n').map((l) => l.trim()).find((l) => l.startsWith('url'))?.split('=')[1]?.trim();
  const m = url?.match(/github\.com[:/]([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+?)(?:\.git)?\/?$/);
  if (!m) return undefined;
  const head = read(join(root, '.git', 'refs', 'remotes', 'origin', 'HEAD'))?.trim();
  const branch = head?.startsWith('ref: refs/remotes/origin/') ? head.slice('ref: refs/remotes/origin/'.length) : 'main';
  return { owner: m[1]!, repo: m[2]!, defaultBranch: branch };
}
