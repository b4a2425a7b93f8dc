// Keeps change-set paths inside the repository root.
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../core/errors.ts';

/** Absolute path of `rel` under `root`; throws when it escapes (.., absolute, NUL, .git). */
export function confine(root: string, rel: string): string {
  if (rel === '' || rel.includes('\0') || isAbsolute(rel) || rel.includes('\\')) throw new UsageError(`path outside the tree: ${JSON.stringify(rel)}`);
  const abs = resolve(root, rel);
  const back = relative(resolve(root), abs);
  if (back === '' || back.startsWith('..') || isAbsolute(back)) throw new UsageError(`path outside the tree: ${JSON.stringify(rel)}`);
  if (back.split(sep)[0] === '.git') throw new UsageError(`path inside .git: ${JSON.stringify(rel)}`);
  return abs;
}
