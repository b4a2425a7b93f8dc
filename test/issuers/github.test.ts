// GitHub issuer against the GitHub emulator (test/emulators/github, built from GitHub's OpenAPI description).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GithubEmulator } from '../emulators/github/index.ts';
import { IssuerRegistry } from '../../src/issuers/index.ts';
import { verifyOne } from '../../src/issuers/verify.ts';
import { expiryHeader } from '../../src/issuers/github/index.ts';
import { TransientError } from '../../src/core/errors.ts';
import { cred } from './helpers.ts';

let gh: GithubEmulator;
let reg: IssuerRegistry;

beforeAll(async () => {
  gh = await new GithubEmulator().start();
  reg = new IssuerRegistry({ github: { url: gh.url } }, { env: {} });
});
afterAll(async () => gh?.close());

const issuer = () => reg.get('github')!;
const ctx = () => reg.context(issuer());
const revokeCalls = () => gh.requests.filter((r) => r.path === '/credentials/revoke').length;

describe('github issuer', () => {
  it('GET /user: owner, scopes from X-OAuth-Scopes, expiry from GitHub-Authentication-Token-Expiration', async () => {
    const token = gh.mintToken({ owner: 'mona', scopes: ['repo', 'workflow'], expiresAt: '2027-03-01T10:00:00Z' });
    const r = await verifyOne(issuer(), cred(token, 'github'), ctx());
    expect(r).toMatchObject({ status: 'live', identity: { owner: 'mona', scopes: ['repo', 'workflow'], expiresAt: '2027-03-01T10:00:00.000Z' } });
    expect((await verifyOne(issuer(), cred('ghp_' + 'a'.repeat(36), 'github'), ctx())).status).toBe('invalid');
  });

  it('refresh tokens are unknown, never invalid (they cannot call the API)', async () => {
    const token = gh.mintToken({ kind: 'ghr', owner: 'mona' });
    const before = gh.requests.length;
    expect((await verifyOne(issuer(), cred(token, 'github'), ctx())).status).toBe('unknown');
    expect(gh.requests.length).toBe(before);
  });

  it('parses the expiration header', () => {
    expect(expiryHeader('2026-12-01 12:00:00 UTC')).toBe('2026-12-01T12:00:00.000Z');
    expect(expiryHeader(null)).toBeUndefined();
  });

  it('POST /credentials/revoke: unauthenticated, batches of at most 1000', async () => {
    const kinds = ['ghp', 'github_pat', 'gho', 'ghu', 'ghr'] as const;
    const tokens = Array.from({ length: 2100 }, (_, i) => gh.mintToken({ kind: kinds[i % kinds.length], owner: 'mona' }));
    const before = revokeCalls();
    const results = await issuer().revokeMany!(tokens.map((t) => cred(t, 'github')), ctx());
    expect(revokeCalls() - before).toBe(3);
    expect(results.every((r) => r.outcome === 'reported' && r.httpStatus === 202)).toBe(true);
    expect(tokens.every((t) => gh.credential(t)?.status === 'revoked' && gh.credential(t)?.revokedBy === 'credentials/revoke')).toBe(true);
    const r = await verifyOne(issuer(), cred(tokens[0]!, 'github'), ctx());
    expect(r.status).toBe('invalid');
  });

  it('installation tokens revoke themselves with DELETE /installation/token', async () => {
    const token = gh.mintToken({ kind: 'ghs', owner: 'acme-app[bot]' });
    const c = cred(token, 'github');
    expect((await verifyOne(issuer(), c, ctx())).status).toBe('live');
    expect(await issuer().revoke!(c, ctx())).toMatchObject({ outcome: 'revoked', httpStatus: 204 });
    expect(gh.credential(token)).toMatchObject({ status: 'revoked', revokedBy: 'installation/token' });
    expect((await verifyOne(issuer(), c, ctx())).status).toBe('invalid');
  });

  it('the hourly limit of /credentials/revoke surfaces as a retryable error', async () => {
    const g2 = await new GithubEmulator().start();
    try {
      g2.revokeLimitPerHour = 0;
      const r2 = new IssuerRegistry({ github: { url: g2.url } }, { env: {} });
      const t = g2.mintToken();
      await expect(r2.get('github')!.revoke!(cred(t, 'github'), r2.context(r2.get('github')!))).rejects.toBeInstanceOf(TransientError);
      expect(g2.credential(t)?.status).toBe('active');
    } finally {
      await g2.close();
    }
  });
});
