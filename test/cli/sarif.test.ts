import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import RE2 from 're2';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { scanText } from '../../src/sources/text.ts';
import { formatSarif } from '../../src/report/sarif.ts';
import { emptyReport, addResult } from '../../src/sources/report.ts';
import type { ScanReport } from '../../src/core/types.ts';
import { fresh, plant } from './fakes.ts';

const schema = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8'));
// The schema uses `(?i)` in two patterns, which JS RegExp rejects; RE2 accepts it (ajv's documented regExp hook).
// The official file also nests an `anyOf` inside region.properties (a known upstream slip), so meta-validation is off.
const ajv = new Ajv2020({ allErrors: true, strict: false, validateSchema: false, code: { regExp: ((p: string, f: string) => new RE2(p, f)) as never } });
(addFormats as unknown as (a: unknown) => void)(ajv);
const validate = ajv.compile(schema);

function sampleReport(): { report: ScanReport; secrets: string[] } {
  const engine = new Engine(loadCatalog());
  const p = fresh();
  const report = emptyReport();
  const cfg = plant(readFileSync(join(import.meta.dirname, '..', 'fixtures', 'agent-configs', 'claude-desktop', 'claude_desktop_config.json'), 'utf8'), p);
  addResult(report, 'claude_desktop_config.json', cfg.length, scanText(cfg, { source: 'file', path: 'my dir/claude_desktop_config.json' }, { engine }));
  addResult(report, 'a.txt', 10, scanText(`x ${p.ghp}`, { source: 'git', path: 'src/a #1.txt', commit: 'a'.repeat(40), author: 'A', date: '2026-01-01T00:00:00+00:00' }, { engine }));
  addResult(report, 'log', 10, scanText(`t ${p.ghp}`, { source: 'ci-log', path: 'build/2_Run tests.txt', step: 'build/Run tests' }, { engine }));
  report.problems.push({ path: 'bad.json', reason: 'not parseable' });
  report.stats.findings = report.findings.length;
  return { report, secrets: [p.ghp, p.rand, p.aws.id, p.aws.secret, p.aws.session] };
}

describe('SARIF 2.1.0 output', () => {
  it('validates against the official SARIF 2.1.0 schema, with partialFingerprints on every result', () => {
    const { report, secrets } = sampleReport();
    expect(report.findings.length).toBeGreaterThanOrEqual(6);
    const text = formatSarif(report);
    const log = JSON.parse(text);
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    expect(log.runs[0].results).toHaveLength(report.findings.length);
    for (const r of log.runs[0].results) expect(Object.keys(r.partialFingerprints)).toEqual(['keyshiftSecret/v1']);
    expect(log.runs[0].results.map((r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) => r.locations[0]!.physicalLocation.artifactLocation.uri)).toContain('src/a%20%231.txt');
    for (const s of secrets) expect(text.includes(s)).toBe(false);
  });

  it('the schema check can fail: a result without message, or a bad level, is rejected', () => {
    const { report } = sampleReport();
    const log = JSON.parse(formatSarif(report));
    delete log.runs[0].results[0].message;
    expect(validate(log)).toBe(false);
    const log2 = JSON.parse(formatSarif(report));
    log2.runs[0].results[0].level = 'critical';
    expect(validate(log2)).toBe(false);
  });

  it('an empty report is valid SARIF too', () => {
    expect(validate(JSON.parse(formatSarif(emptyReport())))).toBe(true);
  });

  it('same secret and path give the same partial fingerprint; another path gives another', () => {
    const { report } = sampleReport();
    const log = JSON.parse(formatSarif(report));
    const again = JSON.parse(formatSarif(report));
    expect(log.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints)).toEqual(again.runs[0].results.map((r: { partialFingerprints: object }) => r.partialFingerprints));
    const fps = new Set(log.runs[0].results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['keyshiftSecret/v1']));
    expect(fps.size).toBe(log.runs[0].results.length);
  });
});
