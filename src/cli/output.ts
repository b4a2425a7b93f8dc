// Write a formatted report to stdout or a file; problems go to stderr in text mode.
import { writeFileSync } from 'node:fs';
import type { ScanReport } from '../core/types.ts';
import { formatReport, parseFormat } from '../report/index.ts';
import { formatProblems } from '../report/text.ts';

export function emit(report: ScanReport, format: string, outFile?: string, color?: boolean): void {
  const fmt = parseFormat(format);
  const useColor = color ?? (!outFile && !!process.stdout.isTTY && !process.env.NO_COLOR);
  const text = formatReport(report, fmt, { color: useColor });
  if (outFile) writeFileSync(outFile, text);
  else process.stdout.write(text);
  if (fmt === 'text' || outFile) process.stderr.write(formatProblems(report, !!process.stderr.isTTY && !process.env.NO_COLOR));
}
