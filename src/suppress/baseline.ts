// Baselines: the fingerprints of findings already known. Keyed on the secret's fingerprint alone, so a
// rebase, a rename or a moved line does not make an old secret look new.
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { Finding, ScanReport } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';

const BaselineSchema = z.object({
  version: z.literal(1),
  createdAt: z.string(),
  entries: z.array(z.object({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/), detector: z.string(), path: z.string() }).passthrough()),
});
export type Baseline = z.infer<typeof BaselineSchema>;

export function buildBaseline(findings: Finding[]): Baseline {
  const seen = new Set<string>();
  const entries: Baseline['entries'] = [];
  for (const f of findings) {
    const k = `${f.fingerprint}\0${f.detector}\0${f.path}`;
    if (seen.has(k)) continue;
    seen.add(k);
    entries.push({ fingerprint: f.fingerprint, detector: f.detector, path: f.path });
  }
  entries.sort((a, b) => a.path.localeCompare(b.path) || a.fingerprint.localeCompare(b.fingerprint));
  return { version: 1, createdAt: new Date().toISOString(), entries };
}

export function writeBaseline(file: string, findings: Finding[]): Baseline {
  const b = buildBaseline(findings);
  writeFileSync(file, JSON.stringify(b, null, 2) + '\n');
  return b;
}

export function readBaseline(file: string): Set<string> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `baseline not found: ${file}` : `invalid baseline ${file}: not JSON`);
  }
  const parsed = BaselineSchema.safeParse(raw);
  if (!parsed.success) throw new UsageError(`invalid baseline ${file}: ${parsed.error.issues[0]?.path.join('.') || 'file'}: ${parsed.error.issues[0]?.message}`);
  return new Set(parsed.data.entries.map((e) => e.fingerprint));
}

/** Keep only findings whose fingerprint is not in the baseline; count the rest. */
export function applyBaseline(report: ScanReport, known: Set<string>): ScanReport {
  const kept = report.findings.filter((f) => !known.has(f.fingerprint));
  const baselined = report.findings.length - kept.length;
  return { ...report, findings: kept, stats: { ...report.stats, findings: kept.length, baselined } };
}
