// Full git history: every unique blob scanned once, each finding carrying the commit that first
// introduced the blob (author, date, path). `since` limits to the commits of a push or pull request.
import type { ScanReport } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { assertRepo, resolveRef, spawnGit } from './git.ts';
import { isBinary } from './files.ts';
import { scanText } from './text.ts';
import { DEFAULT_MAX_FILE_BYTES, type SourceOptions } from './options.ts';
import { addProblem, addResult, emptyReport, finish } from './report.ts';

export interface HistoryOptions extends SourceOptions {
  /** Only commits not reachable from this ref (e.g. a push's `before`, a PR's base). */
  since?: string;
  /** Tip of the range (default HEAD when `since` is set, else every ref). */
  until?: string;
}

export interface BlobIntro {
  blob: string;
  commit: string;
  author: string;
  date: string;
  path: string;
}

function stderrOf(child: ReturnType<typeof spawnGit>): () => string {
  let err = '';
  child.stderr.on('data', (d: Buffer) => {
    if (err.length < 4000) err += d.toString();
  });
  return () => (err.split('\n').find((l) => l.trim()) ?? '').slice(0, 200);
}

function exited(child: ReturnType<typeof spawnGit>): Promise<number> {
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Blobs in first-introduction order (oldest commit first), from `git log --raw`. */
export async function blobIntroductions(repoDir: string, revs: string[]): Promise<BlobIntro[]> {
  const child = spawnGit(repoDir, [
    'log', ...revs, '--reverse', '--date-order', '--diff-merges=first-parent', '--root', '--no-renames',
    '--raw', '--no-abbrev', '-z', '--no-ext-diff', '--no-textconv', '--format=%x01%H%x1f%an%x1f%aI', '--',
  ]);
  const err = stderrOf(child);
  const done = exited(child);
  const seen = new Map<string, BlobIntro>();
  let commit = { id: '', author: '', date: '' };
  let pending: string | undefined; // blob id waiting for its path token
  let rest = '';
  const SKIP = '\0skip';
  const token = (t: string): void => {
    if (pending !== undefined) {
      if (pending !== SKIP && !seen.has(pending)) seen.set(pending, { blob: pending, commit: commit.id, author: commit.author, date: commit.date, path: t });
      pending = undefined;
      return;
    }
    t = t.replace(/^\n+/, '');
    if (t.startsWith('\x01')) {
      const [id = '', author = '', date = ''] = t.slice(1).split('\x1f');
      commit = { id, author, date };
    } else if (t.startsWith(':')) {
      const [, dstMode, , dst, status] = t.slice(1).split(' ');
      const isBlob = dstMode !== '160000' && dstMode !== '000000' && status !== 'D' && !!dst && !/^0+$/.test(dst);
      pending = isBlob ? dst : SKIP;
    }
  };
  child.stdout.setEncoding('utf8');
  for await (const data of child.stdout) {
    const parts = (rest + (data as string)).split('\0');
    rest = parts.pop() ?? '';
    for (const p of parts) token(p);
  }
  if (rest) token(rest);
  const code = await done;
  if (code !== 0) throw new UsageError(`cannot read history of ${repoDir}: ${err() || `git log exited ${code}`}`);
  return [...seen.values()];
}

/** Stream blob contents through `git cat-file --batch`, in the order given. */
export async function* catBlobs(repoDir: string, ids: string[]): AsyncGenerator<{ id: string; data?: Buffer; missing?: boolean; size: number }> {
  const child = spawnGit(repoDir, ['cat-file', '--batch']);
  const err = stderrOf(child);
  const done = exited(child);
  child.stdin.on('error', () => {});
  child.stdin.end(ids.map((i) => `${i}\n`).join(''));
  let buf: Buffer = Buffer.alloc(0);
  let want: { id: string; size: number } | undefined;
  let parts: Buffer[] = [];
  let have = 0;
  for await (const chunk of child.stdout) {
    buf = buf.length ? Buffer.concat([buf, chunk as Buffer]) : (chunk as Buffer);
    for (;;) {
      if (!want) {
        const nl = buf.indexOf(10);
        if (nl < 0) break;
        const header = buf.subarray(0, nl).toString('utf8').split(' ');
        buf = buf.subarray(nl + 1);
        if (header[1] === 'missing' || header.length < 3) {
          yield { id: header[0] ?? '', missing: true, size: 0 };
          continue;
        }
        want = { id: header[0]!, size: Number(header[2]) };
        parts = [];
        have = 0;
      }
      const need = want.size + 1 - have; // content plus trailing LF
      if (buf.length < need) {
        parts.push(buf);
        have += buf.length;
        buf = Buffer.alloc(0);
        break;
      }
      parts.push(buf.subarray(0, need));
      buf = buf.subarray(need);
      const data = Buffer.concat(parts).subarray(0, want.size);
      const w = want;
      want = undefined;
      parts = [];
      yield { id: w.id, data, size: w.size };
    }
  }
  const code = await done;
  if (code !== 0) throw new UsageError(`cannot read objects of ${repoDir}: ${err() || `git cat-file exited ${code}`}`);
}

export async function scanGitHistory(repoDir: string, opts: HistoryOptions): Promise<ScanReport> {
  const t0 = performance.now();
  await assertRepo(repoDir);
  let revs = ['--all'];
  if (opts.since) {
    const since = await resolveRef(repoDir, opts.since);
    const until = await resolveRef(repoDir, opts.until ?? 'HEAD');
    revs = [until, `^${since}`];
  } else if (opts.until) {
    revs = [await resolveRef(repoDir, opts.until)];
  }
  const intros = (await blobIntroductions(repoDir, revs)).filter((b) => !opts.exclude?.(b.path));
  const byId = new Map(intros.map((b) => [b.blob, b]));
  const report = emptyReport();
  const max = opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const keep = new Set<string>();
  let done = 0;
  for await (const blob of catBlobs(repoDir, intros.map((b) => b.blob))) {
    opts.onProgress?.(++done, intros.length);
    const intro = byId.get(blob.id);
    if (!intro) continue;
    const where = `${intro.path}@${intro.commit.slice(0, 12)}`;
    if (blob.missing || !blob.data) {
      addProblem(report, where, new Error('blob missing from the object store'));
      continue;
    }
    if (blob.size > max || isBinary(blob.data)) {
      report.stats.skipped++;
      continue;
    }
    try {
      const origin = { source: 'git' as const, path: intro.path, commit: intro.commit, author: intro.author, date: intro.date };
      const r = scanText(blob.data.toString('utf8'), origin, opts);
      // The same secret in later versions of the same file keeps its first commit only.
      r.findings = r.findings.filter((f) => {
        const k = `${f.fingerprint}\0${f.detector}\0${f.path}`;
        if (keep.has(k)) return false;
        keep.add(k);
        return true;
      });
      addResult(report, intro.path, blob.size, r);
    } catch (err) {
      addProblem(report, where, err);
    }
  }
  return finish(report, t0);
}
