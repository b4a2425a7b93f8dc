// Cedar policy: the default policy's decisions, team overrides from .keyshift.yml, bad policies rejected.
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Policy, type PolicyInput } from '../../src/policy/evaluate.ts';
import { loadSettings } from '../../src/issuers/settings.ts';
import { UsageError } from '../../src/core/errors.ts';

const base: PolicyInput = { fingerprint: 'f1', detector: 'github-pat-classic', issuer: 'github', lifetime: 'static', liveness: 'live', exposure: ['private-repo'], places: 1, reused: false, revocable: 'api', validated: true };
const policy = Policy.load();

describe('default policy', () => {
  it('revokes live static credentials revocable by API', () => {
    const d = policy.decide(base);
    expect(d).toMatchObject({ revoke: true, hold: false, openPr: true, failCi: true });
    expect(d.reasons.revoke).toEqual(['revoke-live-static']);
  });

  it('never revokes by API what is not confirmed live, nor ephemeral or unrevocable credentials', () => {
    for (const liveness of ['unknown', 'invalid', 'unchecked']) expect(policy.decide({ ...base, liveness }).revoke).toBe(false);
    expect(policy.decide({ ...base, liveness: 'unknown' }).reasons.revoke).toEqual(['no-revoke-unconfirmed']);
    expect(policy.decide({ ...base, lifetime: 'ephemeral' }).revoke).toBe(false);
    expect(policy.decide({ ...base, revocable: 'none' }).revoke).toBe(false);
    expect(policy.decide({ ...base, revocable: 'manual' }).revoke).toBe(true);
    expect(policy.decide({ ...base, revocable: 'manual', liveness: 'unknown' }).revoke).toBe(false);
  });

  it('holds cloud keys seen only in private places; public exposure revokes at once', () => {
    expect(policy.decide({ ...base, issuer: 'aws' }).hold).toBe(true);
    expect(policy.decide({ ...base, issuer: 'aws', exposure: ['private-repo', 'public-repo'] }).hold).toBe(false);
    expect(policy.decide({ ...base, issuer: 'github' }).hold).toBe(false);
  });

  it('reports static credentials of internal issuers without liveness', () => {
    expect(policy.decide({ ...base, issuer: 'acme', liveness: 'unknown', revocable: 'report' }).revoke).toBe(true);
  });

  it('fails CI on agent-config, validated static and reused secrets even when unverified; not on dead ones', () => {
    expect(policy.decide({ ...base, liveness: 'unchecked', exposure: ['agent-config'] }).failCi).toBe(true);
    expect(policy.decide({ ...base, liveness: 'unchecked', reused: true, places: 3 }).failCi).toBe(true);
    expect(policy.decide({ ...base, liveness: 'unchecked' }).failCi).toBe(true);
    expect(policy.decide({ ...base, liveness: 'unchecked', validated: false }).failCi).toBe(false);
    expect(policy.decide({ ...base, liveness: 'invalid', reused: true }).failCi).toBe(false);
  });
});

describe('policy overrides', () => {
  it('.keyshift.yml inline policy replaces the default', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-pol-'));
    writeFileSync(join(dir, '.keyshift.yml'), [
      'policy:',
      '  cedar: |',
      '    @id("only-github")',
      '    permit (principal, action == Keyshift::Action::"revoke", resource)',
      '    when { resource.issuer == "github" && resource.places >= 2 };',
      'revocation:',
      '  approval: required',
    ].join('\n'));
    const s = loadSettings(dir);
    const p = Policy.load(s.policyText, s.policySource);
    expect(p.decide(base).revoke).toBe(false);
    expect(p.decide({ ...base, places: 2 }).reasons.revoke).toEqual(['only-github']);
    expect(p.decide({ ...base, places: 2 }).failCi).toBe(false);
    expect(s.approval).toBe('required');
  });

  it('a policy file path relative to the config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-pol-'));
    writeFileSync(join(dir, 'team.cedar'), 'forbid (principal, action, resource);');
    writeFileSync(join(dir, '.keyshift.yml'), 'policy:\n  cedar: team.cedar\n');
    const s = loadSettings(dir);
    expect(Policy.load(s.policyText, s.policySource).decide(base).revoke).toBe(false);
  });

  it('rejects policies that do not parse or do not match the schema, in one line', () => {
    expect(() => Policy.load('permit (principal, action, resource) when { resource.nope == 1 };')).toThrow(UsageError);
    expect(() => Policy.load('permit (principal, action, resource) when { resource.places == "x" };')).toThrow(/policy/);
    expect(() => Policy.load('permit (')).toThrow(UsageError);
    try {
      Policy.load('permit (principal, action, resource) when { resource.nope == 1 };');
    } catch (e) {
      expect((e as Error).message).not.toContain('\n');
    }
  });
});
