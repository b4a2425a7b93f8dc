// The bench corpus: real third-party code from pinned npm packages, packed with `npm pack` into
// .bench/ (git-ignored) and extracted once; later runs reuse it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Big, text-heavy packages at exact versions, so every run scans the same bytes. */
export const PACKAGES = [
  'typescript@5.6.3',
  'aws-sdk@2.1691.0',
  'three@0.170.0',
  'rxjs@7.8.1',
  'lodash@4.17.21',
  '@babel/core@7.26.0',
  '@babel/parser@7.26.2',
  '@babel/types@7.26.0',
  '@babel/traverse@7.25.9',
  '@babel/generator@7.26.2',
  'echarts@5.5.1',
  'prettier@3.3.3',
];

export function corpusDir(root: string): string {
  return join(root, '.bench', 'corpus');
}

/** Packs and extracts every package not already present; returns the corpus directory. */
export function ensureCorpus(root: string, log: (s: string) => void): string {
  const dir = corpusDir(root);
  const tarballs = join(root, '.bench', 'tarballs');
  mkdirSync(dir, { recursive: true });
  mkdirSync(tarballs, { recursive: true });
  for (const spec of PACKAGES) {
    const name = spec.replace('/', '__');
    const dest = join(dir, name);
    if (existsSync(join(dest, '.complete'))) continue;
    log(`corpus: npm pack ${spec}`);
    const out = execFileSync('npm', ['pack', spec, '--pack-destination', tarballs, '--silent'], { encoding: 'utf8' }).trim().split('\n').pop()!;
    const tmp = `${dest}.tmp`;
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { recursive: true });
    execFileSync('tar', ['xzf', join(tarballs, out), '-C', tmp, '--strip-components=1']);
    writeFileSync(join(tmp, '.complete'), `${spec}\n`);
    rmSync(dest, { recursive: true, force: true });
    renameSync(tmp, dest);
  }
  return dir;
}

/** Total bytes and regular files under dir (what both tools are given). */
export function measure(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        bytes += statSync(p).size;
        files++;
      }
    }
  }
  return { bytes, files };
}
