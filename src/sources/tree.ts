// Directory tree (or single file) source: the shared walker, optional .gitignore, structure-aware scan.
import { readFile, lstat } from 'node:fs/promises';
import { dirname, normalize, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ScanReport } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { walk, isBinary, type FileUnit } from './files.ts';
import { scanText } from './text.ts';
import { DEFAULT_MAX_FILE_BYTES, type SourceOptions } from './options.ts';
import { addProblem, addResult, emptyReport, finish } from './report.ts';

export interface TreeOptions extends SourceOptions {
  /** Honour .gitignore files (root and nested). Off by default: ignored files still leak. */
  gitignore?: boolean;
}

async function gitignoreFilter(units: FileUnit[]): Promise<(path: string) => boolean> {
  const rules: { dir: string; ig: Ignore }[] = [];
  for (const u of units) {
    if (!u.path.endsWith('.gitignore') || (u.path !== '.gitignore' && !u.path.endsWith('/.gitignore'))) continue;
    const dir = u.path === '.gitignore' ? '' : dirname(u.path);
    rules.push({ dir, ig: ignore().add(await readFile(u.abs, 'utf8')) });
  }
  return (path) =>
    rules.some(({ dir, ig }) => {
      if (dir && !path.startsWith(`${dir}/`)) return false;
      const rel = dir ? path.slice(dir.length + 1) : path;
      return rel !== '' && ig.ignores(rel);
    });
}

export async function scanPath(root: string, opts: TreeOptions): Promise<ScanReport> {
  const t0 = performance.now();
  let isFile = false;
  let size = 0;
  try {
    const st = await lstat(root);
    isFile = st.isFile();
    size = st.size;
  } catch {
    throw new UsageError(`no such file or directory: ${root}`);
  }
  const report = emptyReport();
  const units: FileUnit[] = [];
  if (isFile) {
    // A single file keeps the path it was given, so `.cursor/mcp.json` is still recognised as Cursor's.
    const rel = normalize(root).split(sep).join('/').replace(/^\.\//, '');
    units.push({ path: rel, abs: root, size });
  } else {
    try {
      for await (const u of walk(root)) units.push(u);
    } catch (err) {
      throw new UsageError(`cannot read ${root}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  const ignored = opts.gitignore ? await gitignoreFilter(units) : () => false;
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  let done = 0;
  for (const u of units) {
    opts.onProgress?.(done++, units.length);
    if (ignored(u.path) || opts.exclude?.(u.path)) continue;
    if (u.size > max) {
      report.stats.skipped++;
      report.problems.push({ path: u.path, reason: `skipped: ${u.size} bytes is over the ${max}-byte limit` });
      continue;
    }
    try {
      const buf = await readFile(u.abs);
      if (isBinary(buf)) {
        report.stats.skipped++;
        continue;
      }
      addResult(report, u.path, buf.length, scanText(buf.toString('utf8'), { source: 'file', path: u.path }, opts));
    } catch (err) {
      addProblem(report, u.path, err);
    }
  }
  opts.onProgress?.(units.length, units.length);
  return finish(report, t0);
}

/** Scan text read from a stream (stdin): `name` is the path used for config detection and locations. */
export async function scanStream(stream: NodeJS.ReadableStream, opts: SourceOptions, name = '-'): Promise<ScanReport> {
  const t0 = performance.now();
  const parts: Buffer[] = [];
  for await (const c of stream) parts.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  const buf = Buffer.concat(parts);
  const report = emptyReport();
  if (isBinary(buf)) report.stats.skipped++;
  else addResult(report, name, buf.length, scanText(buf.toString('utf8'), { source: 'stdin', path: name }, opts));
  return finish(report, t0);
}
