// Directory tree (or single file) source: the shared walker, optional .gitignore, structure-aware scan.
import { readFile, lstat } from 'node:fs/promises';
import { dirname, normalize, sep } from 'node:path';
import ignore, { type Ignore } from 'ignore';
import type { ScanReport } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { walk, isBinary, type FileUnit } from './files.ts';
import { scanText } from './text.ts';
import { scanTree } from '../core/scan.ts';
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
  if (!isFile) {
    const ignored = opts.gitignore ? await gitignoreFilter(await gitignoreUnits(root)) : undefined;
    return scanTree(root, {
      engine: opts.engine,
      exclude: (p) => !!ignored?.(p) || !!opts.exclude?.(p),
      ...(opts.maxFileBytes ? { maxBytes: opts.maxFileBytes } : {}),
      ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
      text: {
        module: new URL('./text.ts', import.meta.url).href,
        factory: 'makeTextScanner',
        options: { disabled: [...(opts.disabled ?? [])], literal: opts.literal, fingerprintKey: opts.fingerprintKey },
      },
    });
  }
  // A single file keeps the path it was given, so `.cursor/mcp.json` is still recognised as Cursor's.
  const report = emptyReport();
  const rel = normalize(root).split(sep).join('/').replace(/^\.\//, '');
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  if (opts.exclude?.(rel)) return finish(report, t0);
  if (size > max) {
    report.stats.skipped++;
    report.problems.push({ path: rel, reason: `skipped: ${size} bytes is over the ${max}-byte limit` });
    return finish(report, t0);
  }
  try {
    const buf = await readFile(root);
    if (isBinary(buf)) report.stats.skipped++;
    else addResult(report, rel, buf.length, scanText(buf.toString('utf8'), { source: 'file', path: rel }, opts));
  } catch (err) {
    addProblem(report, rel, err);
  }
  return finish(report, t0);
}

async function gitignoreUnits(root: string): Promise<FileUnit[]> {
  const out: FileUnit[] = [];
  try {
    for await (const u of walk(root)) if (u.path === '.gitignore' || u.path.endsWith('/.gitignore')) out.push(u);
  } catch (err) {
    throw new UsageError(`cannot read ${root}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  return out;
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
