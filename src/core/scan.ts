// Scan a directory tree (or one file): small inputs in-process, larger ones on a pool of worker threads.
import { Engine } from './engine.ts';
import { loadCatalog } from './catalog.ts';
import { describe, UsageError } from './errors.ts';
import type { ScanReport } from './types.ts';
import { walk, scanFile, type FileResult, type FileScanOptions, type FileUnit } from '../sources/files.ts';
import { ScanPool, defaultWorkers } from './pool.ts';
import { loadTextScanner, type TextScannerRef } from './scan-hook.ts';

export interface ScanTreeOptions extends FileScanOptions {
  /** Engine for in-process scans; workers build the same one from its settings. Default: full catalog. */
  engine?: Engine;
  /** Worker threads (default: available cores; 0: always in-process). */
  workers?: number;
  /** Inputs up to this many files and bytes are scanned in-process, without pool start-up. */
  inProcessFiles?: number;
  inProcessBytes?: number;
  includeNodeModules?: boolean;
  /** Paths to leave out (relative, '/'-separated). */
  exclude?: (path: string) => boolean;
  /** Per-file text scanner (loaded here and in each worker); default: the plain engine. */
  text?: TextScannerRef;
  /** Called as files complete; `total` is 0 while the walk is still going. */
  onProgress?: (done: number, total: number) => void;
}

const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;

export async function scanTree(root: string, opts: ScanTreeOptions | Engine = {}): Promise<ScanReport> {
  const o: ScanTreeOptions = opts instanceof Engine ? { engine: opts } : opts;
  const t0 = performance.now();
  // The in-process engine is built only when needed: a pool's workers build their own from plain data.
  const settings = o.engine?.settings ?? { detectors: loadCatalog(), options: {} };
  let local = o.engine;
  // Lazy: a small scan compiles only the detectors whose keywords occur (the catalog test validates them all).
  const engine = (): Engine => (local ??= new Engine(settings.detectors, { ...settings.options, lazy: true }));
  const report: ScanReport = {
    findings: [],
    stats: { files: 0, bytes: 0, skipped: 0, errors: 0, findings: 0, durationMs: 0, binary: 0, truncated: 0, workers: 0 },
    problems: [],
  };
  const problem = (path: string, reason: string): void => {
    report.stats.errors++;
    report.problems.push({ path, reason });
  };
  const files = walk(root, { includeNodeModules: o.includeNodeModules, onProblem: problem });
  const it = files[Symbol.asyncIterator]();
  // Read ahead: if the whole input is small, the pool never starts.
  const head: FileUnit[] = [];
  let headBytes = 0;
  let done = false;
  // Pool start-up costs about a second (tsx in each worker); one thread scans ~50 MB/s.
  const maxFiles = o.inProcessFiles ?? 2000;
  const maxBytes = o.inProcessBytes ?? 24 * 1024 * 1024;
  const workers = o.workers ?? defaultWorkers();
  while (head.length <= maxFiles && headBytes <= maxBytes) {
    let n: IteratorResult<FileUnit>;
    try {
      n = await it.next();
    } catch (err) {
      // Only the root itself can fail here (unreadable directories below it are problems).
      throw new UsageError(`cannot scan ${root}: ${describe(err)}`);
    }
    if (n.done) {
      done = true;
      break;
    }
    if (o.exclude?.(n.value.path)) continue;
    head.push(n.value);
    headBytes += n.value.size;
  }
  let completed = 0;
  const add = (r: FileResult): void => {
    collect(report, r);
    o.onProgress?.(++completed, 0);
  };
  const text = o.text ? await loadTextScanner(o.text) : undefined;
  if (done || workers === 0) {
    for (const u of head) add(scanFile(engine(), u, o, text));
    if (!done) for await (const u of { [Symbol.asyncIterator]: () => it }) if (!o.exclude?.(u.path)) add(scanFile(engine(), u, o, text));
  } else {
    const fileOpts = { maxBytes: o.maxBytes, pieceBytes: o.pieceBytes, overlap: o.overlap };
    const pool = new ScanPool(workers, { ...settings, files: fileOpts, ...(o.text ? { text: o.text } : {}) });
    report.stats.workers = pool.size;
    try {
      try {
        await pool.ready();
      } catch {
        // Workers could not start (no tsx loader in this environment?): scan in-process instead.
        await pool.close();
        report.stats.workers = 0;
        for (const u of head) add(scanFile(engine(), u, o, text));
        for await (const u of { [Symbol.asyncIterator]: () => it }) if (!o.exclude?.(u.path)) add(scanFile(engine(), u, o, text));
        return finish(report, t0);
      }
      const pending: Promise<void>[] = [];
      let batch: FileUnit[] = [];
      let bytes = 0;
      const flush = async (): Promise<void> => {
        if (batch.length === 0) return;
        const b = batch;
        batch = [];
        bytes = 0;
        await pool.room();
        pending.push(pool.send(b).then((rs) => rs.forEach(add)));
      };
      const push = async (u: FileUnit): Promise<void> => {
        if (o.exclude?.(u.path)) return;
        batch.push(u);
        bytes += u.size;
        if (batch.length >= BATCH_FILES || bytes >= BATCH_BYTES) await flush();
      };
      for (const u of head) await push(u);
      for await (const u of { [Symbol.asyncIterator]: () => it }) await push(u);
      await flush();
      await Promise.all(pending);
    } catch (err) {
      problem(root, describe(err));
    } finally {
      await pool.close();
    }
  }
  return finish(report, t0);
}

function finish(report: ScanReport, t0: number): ScanReport {
  report.findings.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line || a.column - b.column));
  report.stats.findings = report.findings.length;
  report.stats.durationMs = Math.round(performance.now() - t0);
  return report;
}

function collect(report: ScanReport, r: FileResult): void {
  const s = report.stats;
  if (r.problem) {
    s.errors++;
    report.problems.push({ path: r.path, reason: r.problem });
    return;
  }
  if (r.binary) {
    s.skipped++;
    s.binary = (s.binary ?? 0) + 1;
    return;
  }
  s.files++;
  s.bytes += r.bytes;
  if (r.suppressed) s.suppressed = (s.suppressed ?? 0) + r.suppressed;
  if (r.note) report.problems.push({ path: r.path, reason: r.note });
  if (r.truncated) {
    s.truncated = (s.truncated ?? 0) + 1;
    report.problems.push({ path: r.path, reason: `truncated: scanned the first ${r.bytes} bytes` });
  }
  for (const f of r.findings) report.findings.push(f);
}
