import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPipelineConfig } from '../../src/pipeline/config.ts';

const file = (text: string) => {
  const p = join(mkdtempSync(join(tmpdir(), 'ks-cfg-')), '.keyshift.yml');
  writeFileSync(p, text);
  return p;
};

describe('pipeline configuration', () => {
  it('defaults: dry-run revocation, {keyshift} prefix, daily org scan', () => {
    const c = loadPipelineConfig(file('exclude: []\n'), {});
    expect(c).toMatchObject({ revoke: false, prefix: '{keyshift}', orgScanCron: '0 3 * * *', github: { apiUrl: 'https://api.github.com', webhookSecrets: [] } });
  });
  it('reads pipeline: from .keyshift.yml; env wins', () => {
    const f = file('pipeline:\n  revoke: true\n  concurrency: { scan: 6 }\n  serve: { port: 8080 }\n');
    expect(loadPipelineConfig(f, {})).toMatchObject({ revoke: true, concurrency: { scan: 6 }, serve: { port: 8080 } });
    expect(loadPipelineConfig(f, { KEYSHIFT_REVOKE: '0', KEYSHIFT_CONCURRENCY_SCAN: '1', GITHUB_WEBHOOK_SECRET: 'new, old' })).toMatchObject({ revoke: false, concurrency: { scan: 1 }, github: { webhookSecrets: ['new', 'old'] } });
  });
  it('rejects unknown keys and bad values with one line', () => {
    expect(() => loadPipelineConfig(file('pipeline:\n  revok: true\n'), {})).toThrow(/invalid config .*pipeline/);
    expect(() => loadPipelineConfig(file('pipeline:\n  concurrency: { scan: 0 }\n'), {})).toThrow(/pipeline\.concurrency\.scan/);
    expect(() => loadPipelineConfig(undefined, { KEYSHIFT_PORT: 'abc' })).toThrow(/KEYSHIFT_PORT/);
  });
});
