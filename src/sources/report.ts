// A ScanReport under construction, shared by the sources.
import type { ScanReport } from '../core/types.ts';
import { describe } from '../core/errors.ts';
import type { TextResult } from './text.ts';

export function emptyReport(): ScanReport {
  return {
    findings: [],
    stats: { files: 0, bytes: 0, skipped: 0, errors: 0, findings: 0, durationMs: 0, suppressed: 0 },
    problems: [],
  };
}

export function addResult(report: ScanReport, path: string, bytes: number, r: TextResult): void {
  report.stats.files++;
  report.stats.bytes += bytes;
  report.findings.push(...r.findings);
  report.stats.suppressed = (report.stats.suppressed ?? 0) + r.suppressed;
  if (r.problem) report.problems.push({ path, reason: r.problem });
}

export function addProblem(report: ScanReport, path: string, err: unknown): void {
  report.stats.errors++;
  report.problems.push({ path, reason: describe(err) });
}

export function finish(report: ScanReport, t0: number): ScanReport {
  report.stats.findings = report.findings.length;
  report.stats.durationMs = Math.round(performance.now() - t0);
  return report;
}
