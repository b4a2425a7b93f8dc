// Directory-tree source: every regular file, dotfiles and dot-directories included (.env, .cursor/, .github/).
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { Chunk } from '../core/types.ts';

export interface FileUnit {
  path: string; // relative to root, '/' separated
  abs: string;
  size: number;
}

const SKIP_DIRS = new Set(['.git', 'node_modules']);

export async function* walk(root: string, opts: { includeNodeModules?: boolean } = {}): AsyncGenerator<FileUnit> {
  const st = await lstat(root);
  if (st.isFile()) {
    yield { path: root.split(sep).pop() ?? root, abs: root, size: st.size };
    return;
  }
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === '.git' || (!opts.includeNodeModules && SKIP_DIRS.has(e.name))) continue;
        stack.push(abs);
      } else if (e.isFile()) {
        const s = await lstat(abs);
        yield { path: relative(root, abs).split(sep).join('/'), abs, size: s.size };
      }
      // Symlinks are never followed: they can point outside the tree.
    }
  }
}

/** True when the buffer looks binary (NUL byte in the first 8 KiB). */
export function isBinary(buf: Buffer): boolean {
  return buf.subarray(0, 8192).includes(0);
}

export async function fileChunk(unit: FileUnit): Promise<Chunk | undefined> {
  const buf = await readFile(unit.abs);
  if (isBinary(buf)) return undefined;
  return { data: buf.toString('utf8'), origin: { source: 'file', path: unit.path } };
}
