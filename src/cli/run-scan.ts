// Pick the source for a target: stdin (`-`), a log archive (.zip), git history, or a tree.
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneHardened } from '../sources/git.ts';
import type { ScanReport } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import { scanPath, scanStream } from '../sources/tree.ts';
import { scanGitHistory } from '../sources/history.ts';
import { scanLogArchive } from '../sources/ci-logs.ts';
import { applyBaseline } from '../suppress/baseline.ts';
import { progressBar } from '../report/progress.ts';
import type { ScanContext } from './context.ts';

export interface Target {
  path: string;
  history?: boolean;
  since?: string;
  until?: string;
  archive?: boolean;
  /** Name used for config detection when reading stdin. */
  stdinName?: string;
}

async function isZip(path: string): Promise<boolean> {
  if (path.toLowerCase().endsWith('.zip')) return true;
  let fh;
  try {
    if (!(await stat(path)).isFile()) return false;
    fh = await open(path, 'r');
    const b = Buffer.alloc(4);
    const { bytesRead } = await fh.read(b, 0, 4, 0);
    return bytesRead === 4 && b.readUInt32LE(0) === 0x04034b50;
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}

export async function runScan(target: Target, ctx: ScanContext): Promise<ScanReport> {
  const bar = progressBar(process.stderr, target.history ? 'history' : 'scanning');
  const options = { ...ctx.options, onProgress: bar.update };
  let report: ScanReport;
  try {
    if (target.path === '-') {
      if (target.history) throw new UsageError('--history needs a repository path, not stdin');
      report = await scanStream(process.stdin, options, target.stdinName ?? '-');
    } else if ((target.history || target.since) && /^https?:\/\//i.test(target.path)) {
      const dir = await mkdtemp(join(tmpdir(), 'keyshift-clone-'));
      try {
        await cloneHardened(target.path, join(dir, 'repo.git'));
        report = await scanGitHistory(join(dir, 'repo.git'), { ...options, since: target.since, until: target.until });
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } else if (target.history || target.since) {
      report = await scanGitHistory(target.path, { ...options, since: target.since, until: target.until });
    } else if (target.archive || (await isZip(target.path))) {
      report = await scanLogArchive(target.path, options);
    } else {
      report = await scanPath(target.path, options);
    }
  } finally {
    bar.end();
  }
  return ctx.baseline ? applyBaseline(report, ctx.baseline) : report;
}

/** One report from several (pre-commit passes many file names). */
export function mergeReports(reports: ScanReport[]): ScanReport {
  if (reports.length === 1) return reports[0]!;
  const out: ScanReport = { findings: [], stats: { files: 0, bytes: 0, skipped: 0, errors: 0, findings: 0, durationMs: 0, suppressed: 0, baselined: 0 }, problems: [] };
  for (const r of reports) {
    out.findings.push(...r.findings);
    out.problems.push(...r.problems);
    for (const k of ['files', 'bytes', 'skipped', 'errors', 'suppressed', 'baselined'] as const) out.stats[k] = (out.stats[k] ?? 0) + (r.stats[k] ?? 0);
    out.stats.durationMs = Math.max(out.stats.durationMs, r.stats.durationMs);
  }
  out.stats.findings = out.findings.length;
  return out;
}
