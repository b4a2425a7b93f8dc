// RepoReader over a local working tree, and an overlay that sees pending changes.
import { lstat, readFile } from 'node:fs/promises';
import { walk } from '../sources/files.ts';
import { confine } from './confine.ts';
import type { FileChange, RepoReader } from './types.ts';

export function treeReader(root: string, slug?: RepoReader['slug']): RepoReader {
  return {
    slug,
    async read(path) {
      try {
        const abs = confine(root, path);
        if ((await lstat(abs)).isSymbolicLink()) return null; // never read through links out of the tree
        return await readFile(abs, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EISDIR') return null;
        throw err;
      }
    },
    async list(prefix = '') {
      const out: string[] = [];
      for await (const u of walk(root)) if (u.path.startsWith(prefix)) out.push(u.path);
      return out.sort();
    },
  };
}

/** A reader that sees `changes` on top of `base` (later change sets plan against earlier ones). */
export function overlay(base: RepoReader, changes: FileChange[]): RepoReader {
  const m = new Map(changes.map((c) => [c.path, c.content]));
  return {
    slug: base.slug,
    async read(path) {
      return m.has(path) ? (m.get(path) ?? null) : base.read(path);
    },
    async list(prefix = '') {
      const all = new Set(await base.list(prefix));
      for (const [p, c] of m) {
        if (!p.startsWith(prefix)) continue;
        if (c === null) all.delete(p);
        else all.add(p);
      }
      return [...all].sort();
    },
  };
}
