// SARIF 2.1.0 for GitHub code scanning. `partialFingerprints` on every result (secret fingerprint +
// path) so re-uploads and rebases update the same alert instead of opening a new one.
import { createHash } from 'node:crypto';
import type { Finding, ScanReport } from '../core/types.ts';
import { where } from './text.ts';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function uri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

export function partialFingerprint(f: Finding): string {
  return createHash('sha256').update(`${f.fingerprint}\0${f.path}`).digest('hex');
}

export function formatSarif(report: ScanReport, version = '0.1.0'): string {
  const rules: { id: string; name: string }[] = [];
  const index = new Map<string, number>();
  for (const f of report.findings) {
    if (index.has(f.detector)) continue;
    index.set(f.detector, rules.length);
    rules.push({ id: f.detector, name: f.name });
  }
  const results = report.findings.map((f) => {
    const props: Record<string, unknown> = { fingerprint: f.fingerprint, redacted: f.redacted, lifetime: f.lifetime, validated: f.validated, source: f.source };
    for (const k of ['commit', 'author', 'date', 'step', 'config', 'issuer', 'encoding'] as const) if (f[k] !== undefined) props[k] = f[k];
    if (f.verification) props.verification = f.verification.status;
    const extra = where(f);
    return {
      ruleId: f.detector,
      ruleIndex: index.get(f.detector)!,
      level: f.lifetime === 'static' || f.validated ? 'error' : 'warning',
      message: { text: `${f.name}: ${f.redacted} (${f.lifetime}${f.validated ? ', validated' : ''})${extra ? `; ${extra}` : ''}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: uri(f.path) },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, 1) },
          },
        },
      ],
      partialFingerprints: { 'keyshiftSecret/v1': partialFingerprint(f) },
      properties: props,
    };
  });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'keyshift',
            version,
            informationUri: 'https://github.com/keyshift/keyshift',
            rules: rules.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.name },
              defaultConfiguration: { level: 'error' },
              properties: { tags: ['security', 'secret'] },
            })),
          },
        },
        results,
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: report.problems.map((p) => ({
              level: 'warning',
              message: { text: `${p.path}: ${p.reason}` },
            })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
