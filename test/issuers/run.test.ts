// postProcess in-process: approval modes, --approve, partner reports decided by policy, verification cache,
// batching per issuer, and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postProcess, type PostOptions } from '../../src/issuers/run.ts';
import { IssuerRegistry } from '../../src/issuers/index.ts';
import { VerificationCache } from '../../src/issuers/cache.ts';
import { loadSettings, type RevocationSettings } from '../../src/issuers/settings.ts';
import { MemoryAudit } from '../../src/audit/log.ts';
import { FileLedger } from '../../src/audit/file-ledger.ts';
import type { Finding, ScanReport } from '../../src/core/types.ts';
import { startSlack, type SlackEmulator } from '../emulators/slack/index.ts';
import { startPartner, type PartnerEmulator } from '../emulators/partner/index.ts';
import { findingFor } from './helpers.ts';

let slack: SlackEmulator;
let partner: PartnerEmulator;
beforeAll(async () => {
  [slack, partner] = await Promise.all([startSlack(), startPartner('acme_api_token')]);
});
afterAll(async () => Promise.all([slack?.close(), partner?.close()]));

const report = (findings: Finding[]): ScanReport => ({ findings, stats: { files: 1, bytes: 1, skipped: 0, errors: 0, findings: findings.length, durationMs: 0 }, problems: [] });

function setup(over: Partial<RevocationSettings> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ks-run-'));
  const settings: RevocationSettings = {
    ...loadSettings(dir),
    issuers: {
      slack: { url: slack.url },
      acme: { protocol: 'partner', url: `${partner.url}/secret-scanning/report`, keyId: partner.reporter.keyId, privateKey: partner.reporter.privateKeyPem, type: 'acme_api_token' },
    },
    ledgerPath: join(dir, 'ledger.jsonl'),
    auditPath: join(dir, 'audit.jsonl'),
    ...over,
  };
  const audit = new MemoryAudit();
  const opts: PostOptions = { revoke: true, settings, registry: new IssuerRegistry(settings.issuers, { env: {} }), audit, ledger: new FileLedger(settings.ledgerPath) };
  return { opts, audit, settings };
}

describe('postProcess', () => {
  it('approval: required holds every revocation until --approve', async () => {
    const tok = slack.mint();
    const { opts } = setup({ approval: 'required' });
    const r1 = await postProcess(report([findingFor(tok.token, 'slack')]), { ...opts, apply: true });
    expect(r1.revocations[0]).toMatchObject({ state: 'held', reasons: ['revoke-live-static', 'approval: required'] });
    expect(tok.revocations).toBe(0);
    const r2 = await postProcess(report([findingFor(tok.token, 'slack')]), { ...opts, apply: true, approve: true });
    expect(r2.revocations[0]).toMatchObject({ state: 'done', outcome: 'revoked', confirmed: 'invalid' });
    expect(tok.revocations).toBe(1);
    const r3 = await postProcess(report([findingFor(tok.token, 'slack')]), { ...opts, apply: true, approve: true });
    expect(r3.revocations).toEqual([]); // now invalid: policy no longer revokes
  });

  it('the ledger alone stops a second revocation of a still-live credential', async () => {
    const tok = slack.mint();
    const { opts } = setup();
    const f = findingFor(tok.token, 'slack');
    expect(await opts.ledger!.claim(f.fingerprint, { issuer: 'slack', redacted: f.redacted })).toBe(true);
    await opts.ledger!.complete(f.fingerprint, { outcome: 'revoked' });
    const before = slack.requests.filter((r) => r.path === '/api/auth.revoke').length;
    const r = await postProcess(report([f]), { ...opts, apply: true });
    expect(f.verification?.status).toBe('live');
    expect(r.revocations[0]).toMatchObject({ state: 'already', outcome: 'revoked' });
    expect(slack.requests.filter((x) => x.path === '/api/auth.revoke').length).toBe(before);
    expect(tok.status).toBe('active');
  });

  it('config revocation.apply enables destructive actions without --apply', async () => {
    const tok = slack.mint();
    const { opts } = setup({ apply: true });
    await postProcess(report([findingFor(tok.token, 'slack')]), opts);
    expect(tok.status).toBe('revoked');
  });

  it('internal issuer: policy reports static matches in one signed call, labels recorded', async () => {
    const ours = partner.mint();
    const { opts, audit } = setup();
    const fs = [findingFor(ours.token, 'acme'), findingFor(`acme_${'Q'.repeat(32)}`, 'acme'), findingFor(ours.token, 'acme', { path: 'b.env' })];
    const before = partner.requests.length;
    const r = await postProcess(report(fs), { ...opts, apply: true });
    expect(partner.requests.length - before).toBe(1);
    expect(r.revocations.map((p) => [p.state, p.outcome, p.detail])).toEqual([
      ['done', 'reported', 'true_positive'],
      ['done', 'not-ours', 'false_positive'],
    ]);
    expect(ours.revocations).toBe(1);
    const decision = audit.events.find((e) => e.kind === 'decision' && e.fingerprint === fs[0]!.fingerprint)!;
    expect(decision.policy?.input).toMatchObject({ issuer: 'acme', liveness: 'unknown', revocable: 'report', places: 2, reused: true });
  });

  it('verification is cached by fingerprint: one call for one credential seen in many places', async () => {
    const tok = slack.mint();
    const { opts } = setup();
    const cache = new VerificationCache(60_000);
    const before = slack.requests.length;
    const fs = ['a', 'b', 'c'].map((p) => findingFor(tok.token, 'slack', { path: `${p}.env` }));
    await postProcess(report(fs), { ...opts, revoke: false, verify: true, cache });
    await postProcess(report([findingFor(tok.token, 'slack')]), { ...opts, revoke: false, verify: true, cache });
    expect(slack.requests.length - before).toBe(1);
    expect(fs.every((f) => f.verification?.status === 'live')).toBe(true);
    expect(cache.get(fs[0]!.fingerprint, Date.now() + 61_000)).toBeUndefined();
  });

  it("values an issuer cannot check (a Slack webhook URL under issuer slack) are never sent to it", async () => {
    const { opts } = setup();
    const before = slack.requests.length;
    const f = findingFor('https://hooks.slack.com/services/T00000000/B00000000/' + 'X'.repeat(24), 'slack');
    await postProcess(report([f]), { ...opts, apply: true });
    expect(f.verification).toBeUndefined();
    expect(slack.requests.length).toBe(before);
  });

  it('findings without a known issuer are left unverified and never planned', async () => {
    const { opts } = setup();
    const f = findingFor('zz_' + 'k'.repeat(30), 'nobody');
    const r = await postProcess(report([f]), { ...opts, apply: true });
    expect(f.verification).toBeUndefined();
    expect(r.revocations).toEqual([]);
  });
});
