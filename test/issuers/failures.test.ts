// Failure modes: issuer down or slow -> unknown and no revocation; 429 + Retry-After honoured;
// malformed responses are clear errors, never crashes, never the secret.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IssuerRegistry } from '../../src/issuers/index.ts';
import { verifyOne } from '../../src/issuers/verify.ts';
import { RateLimiter, retryAfterMs } from '../../src/issuers/ratelimit.ts';
import { postProcess } from '../../src/issuers/run.ts';
import { loadSettings } from '../../src/issuers/settings.ts';
import { TransientError } from '../../src/core/errors.ts';
import { startSlack, type SlackEmulator } from '../emulators/slack/index.ts';
import { startGitlab } from '../emulators/gitlab/index.ts';
import { cred, findingFor } from './helpers.ts';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((e) => e.close()));
});

async function slackWith(opts: { timeoutMs?: number; maxWaitMs?: number } = {}) {
  const em: SlackEmulator = await startSlack();
  open.push(em);
  const reg = new IssuerRegistry({ slack: { url: em.url } }, { env: {}, ...opts });
  const issuer = reg.get('slack')!;
  return { em, reg, issuer, ctx: reg.context(issuer) };
}

describe('issuer failures', () => {
  it('issuer down: unknown, never invalid', async () => {
    const { em, issuer, ctx } = await slackWith();
    const t = em.mint();
    await em.close();
    const r = await verifyOne(issuer, cred(t.token, 'slack'), ctx);
    expect(r).toMatchObject({ status: 'unknown', detail: 'slack: unreachable' });
  });

  it('issuer slow: times out as unknown', async () => {
    const { em, issuer, ctx } = await slackWith({ timeoutMs: 200 });
    const t = em.mint();
    em.faults.delayMs = 1500;
    const t0 = Date.now();
    const r = await verifyOne(issuer, cred(t.token, 'slack'), ctx);
    expect(r).toMatchObject({ status: 'unknown', detail: 'slack: timed out' });
    expect(Date.now() - t0).toBeLessThan(1400);
  });

  it('5xx is unknown', async () => {
    const { em, issuer, ctx } = await slackWith();
    em.faults.status = 503;
    expect(await verifyOne(issuer, cred(em.mint().token, 'slack'), ctx)).toMatchObject({ status: 'unknown', detail: 'slack: server error HTTP 503' });
  });

  it('429 with a short Retry-After: waits that long, then succeeds', async () => {
    const { em, issuer, ctx } = await slackWith();
    const t = em.mint();
    em.faults.rateLimit = { count: 1, retryAfter: 1 };
    const t0 = Date.now();
    const r = await verifyOne(issuer, cred(t.token, 'slack'), ctx);
    expect(r.status).toBe('live');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(990);
    expect(em.requests.length).toBe(2);
  });

  it('429 with a long Retry-After: unknown, and later calls do not hit the issuer until it passes', async () => {
    const { em, issuer, ctx } = await slackWith({ maxWaitMs: 2000 });
    const t = em.mint();
    em.faults.rateLimit = { count: 5, retryAfter: 3600 };
    const r = await verifyOne(issuer, cred(t.token, 'slack'), ctx);
    expect(r.status).toBe('unknown');
    expect(r.detail).toMatch(/rate limited/);
    const again = await verifyOne(issuer, cred(em.mint().token, 'slack'), ctx);
    expect(again.detail).toMatch(/rate limited, retry in \d+s/);
    expect(em.requests.length).toBe(1);
  });

  it('malformed response: a clear one-line error without the secret', async () => {
    const { em, issuer, ctx } = await slackWith();
    const t = em.mint();
    em.faults.malformed = true;
    const r = await verifyOne(issuer, cred(t.token, 'slack'), ctx);
    expect(r).toMatchObject({ status: 'unknown', detail: 'slack: malformed response (HTTP 200, expected JSON)' });
    const c = cred(t.token, 'slack');
    await expect(issuer.revoke!(c, ctx)).rejects.toThrow(/malformed response/);
    expect(t.status).toBe('active');
  });

  it('a down issuer leads to no revocation and no ledger claim, even with --apply', async () => {
    const em = await startGitlab();
    const t = em.mint();
    await em.close();
    const dir = mkdtempSync(join(tmpdir(), 'ks-fail-'));
    const settings = { ...loadSettings(dir), issuers: { gitlab: { url: em.url } }, ledgerPath: join(dir, 'ledger.jsonl'), auditPath: join(dir, 'audit.jsonl') };
    const f = findingFor(t.token, 'gitlab');
    const r = await postProcess({ findings: [f], stats: { files: 1, bytes: 1, skipped: 0, errors: 0, findings: 1, durationMs: 0 }, problems: [] }, { revoke: true, apply: true, settings, registry: new IssuerRegistry(settings.issuers, { env: {} }) });
    expect(f.verification?.status).toBe('unknown');
    expect(r.revocations).toEqual([]);
    expect(existsSync(settings.ledgerPath)).toBe(false);
    const audit = readFileSync(settings.auditPath, 'utf8');
    expect(audit).toContain('"status":"unknown"');
    expect(audit).not.toContain(t.token);
    expect(t.revocations).toBe(0);
  });
});

describe('rate limiting', () => {
  it('an hourly budget (GitHub /credentials/revoke: 60/h) refuses instead of exceeding it', async () => {
    const l = new RateLimiter('budget', { perHour: 3, maxWaitMs: 50 });
    for (let i = 0; i < 3; i++) await l.acquire();
    await expect(l.acquire()).rejects.toBeInstanceOf(TransientError);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect(retryAfterMs('7')).toBe(7000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('soon')).toBeUndefined();
  });
});

describe('configured hosts only', () => {
  it('refuses a non-https issuer URL except on loopback', () => {
    const reg = new IssuerRegistry({ slack: { url: 'http://evil.example' } }, { env: {} });
    expect(() => reg.context(reg.get('slack')!)).toThrow(/must be https/);
    const env = { KEYSHIFT_ISSUER_SLACK_URL: 'https://slack.internal.example' };
    const reg2 = new IssuerRegistry({}, { env });
    expect(reg2.context(reg2.get('slack')!).baseUrl).toBe('https://slack.internal.example');
    expect(new IssuerRegistry({}, { env: {} }).context(reg2.get('slack')!).baseUrl).toBe('https://slack.com');
  });

  it('a request path cannot leave the configured origin', async () => {
    const reg = new IssuerRegistry({ slack: { url: 'http://127.0.0.1:9' } }, { env: {} });
    const ctx = reg.context(reg.get('slack')!);
    for (const p of ['//evil.example/x', '@evil.example/x', '/../../x', 'http://evil.example/x']) expect(new URL(ctx.http.url(p)).host).toBe('127.0.0.1:9');
  });
});
