// Keeps change-set paths inside the repository root.
import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
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

/**
 * Like confine(), and also refuses a symlink at the path or a symlinked directory on the way that
 * leads out of the tree (a hostile checkout must not make keyshift write elsewhere).
 */
export async function confineReal(root: string, rel: string): Promise<string> {
  const abs = confine(root, rel);
  const realRoot = await realpath(root);
  const st = await lstat(abs).catch(() => undefined);
  if (st?.isSymbolicLink()) throw new UsageError(`refusing to write through a symlink: ${JSON.stringify(rel)}`);
  let dir = dirname(abs);
  for (;;) {
    const real = await realpath(dir).catch(() => undefined);
    if (real !== undefined) {
      const back = relative(realRoot, real);
      if (back.startsWith('..') || isAbsolute(back)) throw new UsageError(`path leads outside the tree: ${JSON.stringify(rel)}`);
      return abs;
    }
    dir = dirname(dir);
  }
}
