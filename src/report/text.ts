// Human output: one line per finding, colours on a TTY (picocolors), a summary line.
import pc from 'picocolors';
import type { Finding, ScanReport } from '../core/types.ts';

export function where(f: Finding): string {
  const bits: string[] = [];
  if (f.config) bits.push(`${f.config.client} ${f.config.pointer}`);
  if (f.step) bits.push(`step ${f.step}`);
  if (f.commit) bits.push(`commit ${f.commit.slice(0, 12)}${f.author ? ` by ${f.author}` : ''}${f.date ? ` ${f.date}` : ''}`);
  return bits.join(', ');
}

export function formatText(report: ScanReport, color: boolean): string {
  const c = pc.createColors(color);
  const lines: string[] = [];
  for (const f of report.findings) {
    const life = f.lifetime === 'static' ? c.red(f.lifetime) : c.yellow(f.lifetime);
    const extra = where(f);
    lines.push(
      `${c.bold(`${f.path}:${f.line}:${f.column}`)}  ${c.cyan(f.detector)}  ${f.redacted}  ${life}${f.validated ? c.green(' validated') : ''}` +
        (f.verification ? ` ${f.verification.status}` : '') +
        (extra ? c.dim(`  (${extra})`) : ''),
    );
  }
  const s = report.stats;
  const parts = [`${s.findings} finding${s.findings === 1 ? '' : 's'}`, `${s.files} files`, `${s.bytes} bytes`, `${s.durationMs} ms`];
  if (s.skipped) parts.push(`${s.skipped} skipped`);
  if (s.errors) parts.push(`${s.errors} errors`);
  if (s.suppressed) parts.push(`${s.suppressed} allowed inline`);
  if (s.baselined) parts.push(`${s.baselined} in baseline`);
  lines.push((s.findings ? c.red : c.green)(parts.join(', ')));
  return lines.join('\n') + '\n';
}

export function formatProblems(report: ScanReport, color: boolean): string {
  const c = pc.createColors(color);
  return report.problems.map((p) => `${c.yellow('keyshift: skipped')} ${p.path}: ${p.reason}\n`).join('');
}
