// Applies a ChangeSet to a working tree, after checking every path stays inside it.
import { chmod, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { confineReal } from './confine.ts';
import type { ChangeSet } from './types.ts';

export interface Applied {
  path: string;
  action: 'created' | 'modified' | 'deleted';
}

/** Writes the change set; throws UsageError before touching anything when a path escapes `root`. */
export async function applyChangeSet(root: string, set: ChangeSet): Promise<Applied[]> {
  const targets = [];
  for (const f of set.files) targets.push({ f, abs: await confineReal(root, f.path) });
  const out: Applied[] = [];
  for (const { f, abs } of targets) {
    const existed = await readFile(abs, 'utf8').then(() => true, () => false);
    if (f.content === null) {
      if (!existed) continue;
      await rm(abs, { force: true });
      out.push({ path: f.path, action: 'deleted' });
      continue;
    }
    await mkdir(dirname(abs), { recursive: true });
    await writeFile(abs, f.content);
    if (f.executable) await chmod(abs, 0o755);
    out.push({ path: f.path, action: existed ? 'modified' : 'created' });
  }
  return out;
}
