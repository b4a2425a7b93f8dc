// Machine output. Findings carry fingerprints and redacted previews only (the value is in a WeakMap).
import type { ScanReport } from '../core/types.ts';

export function formatJson(report: ScanReport): string {
  return JSON.stringify({ findings: report.findings, stats: report.stats, problems: report.problems }, null, 2) + '\n';
}

/** One JSON object per line: each finding, then `{"stats":…}` and each `{"problem":…}`. */
export function formatJsonl(report: ScanReport): string {
  const lines = report.findings.map((f) => JSON.stringify(f));
  for (const p of report.problems) lines.push(JSON.stringify({ problem: p }));
  lines.push(JSON.stringify({ stats: report.stats }));
  return lines.join('\n') + '\n';
}
