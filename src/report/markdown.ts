// Markdown report (also the GitHub job summary).
import type { ScanReport } from '../core/types.ts';
import { where } from './text.ts';

function cell(s: string): string {
  return s.split('|').join('\\|').split('\n').join(' ').split('`').join("'");
}

export function formatMarkdown(report: ScanReport, opts: { title?: string; verdict?: string } = {}): string {
  const s = report.stats;
  const out = [`## ${opts.title ?? 'keyshift scan'}`, ''];
  if (opts.verdict) out.push(opts.verdict, '');
  out.push(
    `${s.findings} finding${s.findings === 1 ? '' : 's'} in ${s.files} files (${s.bytes} bytes, ${s.durationMs} ms)` +
      `${s.skipped ? `, ${s.skipped} skipped` : ''}${s.errors ? `, ${s.errors} errors` : ''}` +
      `${s.suppressed ? `, ${s.suppressed} allowed inline` : ''}${s.baselined ? `, ${s.baselined} in baseline` : ''}.`,
    '',
  );
  if (report.findings.length) {
    out.push('| Location | Detector | Preview | Lifetime | Validated | Context |', '|---|---|---|---|---|---|');
    for (const f of report.findings) {
      out.push(
        `| \`${cell(`${f.path}:${f.line}:${f.column}`)}\` | ${cell(f.detector)} | \`${cell(f.redacted)}\` | ${f.lifetime} | ${f.validated ? 'yes' : 'no'} | ${cell(where(f))} |`,
      );
    }
    out.push('');
  }
  if (report.problems.length) {
    out.push('<details><summary>Skipped or unreadable</summary>', '');
    for (const p of report.problems) out.push(`- \`${cell(p.path)}\`: ${cell(p.reason)}`);
    out.push('', '</details>', '');
  }
  return out.join('\n');
}
