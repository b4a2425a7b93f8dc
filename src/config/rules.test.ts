import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from './load.ts';
import { customRules } from './rules.ts';
import { Engine } from '../core/engine.ts';
import { UsageError } from '../core/errors.ts';
import { secretOf } from '../core/secret.ts';

function configWith(rules: string): ReturnType<typeof loadConfig> {
  const dir = mkdtempSync(join(tmpdir(), 'ks-rules-'));
  writeFileSync(join(dir, '.keyshift.yml'), `detectors:\n  rules:\n${rules}`);
  return loadConfig(dir);
}

const RULE = (pattern: string, id = 'acme-internal-token') =>
  `    - id: ${id}\n      name: ACME internal token\n      keywords: [acme_]\n      pattern: '${pattern}'\n      examples: ['ACME=acme_7f3a9c2e5b1d8f4a6c0e']\n`;

describe('custom detectors (.keyshift.yml detectors.rules)', () => {
  it('compiles with RE2 and finds matches', () => {
    const rules = customRules(configWith(RULE('\\b(acme_[0-9a-f]{20})\\b')));
    const hits = new Engine(rules).scan({ data: 'TOKEN=acme_7f3a9c2e5b1d8f4a6c0e\n', origin: { source: 'file', path: 'a' } });
    expect(hits.map((h) => [h.detector, secretOf(h)])).toEqual([['acme-internal-token', 'acme_7f3a9c2e5b1d8f4a6c0e']]);
  });

  it('refuses backreferences and lookaround with one clear line', () => {
    for (const p of ['(acme_a+)+\\1', 'acme_(?=x)', 'acme_(?<!y)z']) {
      const err = (() => { try { customRules(configWith(RULE(p))); } catch (e) { return e; } })();
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/detectors\.rules\[0\] \(acme-internal-token\) pattern 0: pattern rejected by RE2/);
      expect((err as Error).message).not.toContain('\n');
    }
  });

  it('runs nested quantifiers in linear time (no catastrophic backtracking)', () => {
    const rules = customRules(configWith(RULE('acme_(a+)+$')));
    const t0 = performance.now();
    new Engine(rules).scan({ data: 'acme_' + 'a'.repeat(200_000) + '!', origin: { source: 'file', path: 'a' } });
    expect(performance.now() - t0).toBeLessThan(2000);
  });

  it('refuses an id that shadows a built-in detector and a rule missing fields', () => {
    expect(() => customRules(configWith(RULE('acme_x', 'github-pat-classic')))).toThrow(/built-in detector/);
    expect(() => customRules(configWith('    - id: x\n      pattern: y\n'))).toThrow(UsageError);
  });
});
