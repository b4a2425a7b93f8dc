// GitHub Actions workflow commands (`::error file=…::`) and the job summary ($GITHUB_STEP_SUMMARY).
import { appendFileSync } from 'node:fs';
import type { Finding, ScanReport } from '../core/types.ts';
import { formatMarkdown } from './markdown.ts';
import { where } from './text.ts';

/** Escaping from the Actions toolkit: data escapes %, CR, LF; properties also `:` and `,`. */
export function escapeData(s: string): string {
  return s.split('%').join('%25').split('\r').join('%0D').split('\n').join('%0A');
}
export function escapeProperty(s: string): string {
  return escapeData(s).split(':').join('%3A').split(',').join('%2C');
}

export function annotation(f: Finding, level: 'error' | 'warning'): string {
  const props = [
    `file=${escapeProperty(f.path)}`,
    `line=${f.line}`,
    `col=${f.column}`,
    `endLine=${f.endLine}`,
    `endColumn=${f.endColumn}`,
    `title=${escapeProperty(`keyshift: ${f.name}`)}`,
  ].join(',');
  const extra = where(f);
  return `::${level} ${props}::${escapeData(`${f.detector} ${f.redacted} (${f.lifetime}${f.validated ? ', validated' : ''})${extra ? `; ${extra}` : ''}`)}`;
}

/** One annotation per finding: `error` for those the policy fails on, `warning` for the rest. */
export function annotations(report: ScanReport, failing: Set<Finding>): string {
  return report.findings.map((f) => annotation(f, failing.has(f) ? 'error' : 'warning') + '\n').join('');
}

export function writeJobSummary(report: ScanReport, verdict: string, file = process.env.GITHUB_STEP_SUMMARY): boolean {
  if (!file) return false;
  appendFileSync(file, formatMarkdown(report, { title: 'keyshift', verdict }) + '\n');
  return true;
}
