import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Octokit } from '@octokit/rest';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { crc32Base62 } from '../../src/core/validators/crc32-base62.ts';

let gh: GithubEmulator;
beforeAll(async () => { gh = await startGithubEmulator({ validate: true }); });
afterAll(async () => { await gh.close(); });

describe('github emulator: credentials registry', () => {
  it('mints tokens in the real format with valid checksums', () => {
    for (const kind of ['ghp', 'gho', 'ghu', 'ghr', 'ghs'] as const) expect(crc32Base62(gh.mintToken({ kind })).ok).toBe(true);
    expect(gh.mintToken({ kind: 'github_pat' })).toMatch(/^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/);
  });

  it('GET /user answers a live token with scopes and expiry headers, 401 for unknown', async () => {
    const exp = new Date(Date.now() + 86_400_000).toISOString();
    const token = gh.mintToken({ owner: 'alice', scopes: ['repo', 'read:org'], expiresAt: exp });
    const res = await new Octokit({ auth: token, baseUrl: gh.url }).rest.users.getAuthenticated();
    expect(res.data.login).toBe('alice');
    expect(res.headers['x-oauth-scopes']).toBe('repo, read:org');
    expect(res.headers['github-authentication-token-expiration']).toBe(`${exp.slice(0, 19).replace('T', ' ')} UTC`);
    expect(gh.credential(token)?.lastUsedAt).toBeTruthy();
    const unknown = gh.mintToken({ owner: 'alice' }).replace(/^ghp_/, 'ghp_').slice(0, -1) + 'X';
    await expect(new Octokit({ auth: unknown, baseUrl: gh.url }).rest.users.getAuthenticated()).rejects.toMatchObject({ status: 401 });
  });

  it('POST /credentials/revoke revokes listed user tokens (not ghs), 403 when authenticated, 422 over 1000', async () => {
    const a = gh.mintToken({ kind: 'ghp', owner: 'bob' });
    const b = gh.mintToken({ kind: 'github_pat', owner: 'bob' });
    const s = gh.mintToken({ kind: 'ghs', owner: 'app[bot]' });
    const anon = new Octokit({ baseUrl: gh.url });
    const res = await anon.request('POST /credentials/revoke', { credentials: [a, b, s, 'ghp_notInTheRegistry'] });
    expect(res.status).toBe(202);
    expect(gh.credential(a)?.status).toBe('revoked');
    expect(gh.credential(b)?.status).toBe('revoked');
    expect(gh.credential(s)?.status).toBe('active');
    await expect(new Octokit({ auth: a, baseUrl: gh.url }).rest.users.getAuthenticated()).rejects.toMatchObject({ status: 401 });
    const live = gh.mintToken({ owner: 'bob' });
    await expect(new Octokit({ auth: live, baseUrl: gh.url }).request('POST /credentials/revoke', { credentials: [live] })).rejects.toMatchObject({ status: 403 });
    expect(gh.credential(live)?.status).toBe('active');
    await expect(anon.request('POST /credentials/revoke', { credentials: Array.from({ length: 1001 }, (_, i) => `ghp_${i}`) })).rejects.toMatchObject({ status: 422 });
  });

  it('DELETE /installation/token revokes the calling installation token only', async () => {
    const s = gh.mintToken({ kind: 'ghs', owner: 'app[bot]' });
    const other = gh.mintToken({ kind: 'ghs', owner: 'app[bot]' });
    const res = await new Octokit({ auth: s, baseUrl: gh.url }).rest.apps.revokeInstallationAccessToken();
    expect(res.status).toBe(204);
    expect(gh.credential(s)).toMatchObject({ status: 'revoked', revokedBy: 'installation/token' });
    expect(gh.credential(other)?.status).toBe('active');
    const pat = gh.mintToken();
    await expect(new Octokit({ auth: pat, baseUrl: gh.url }).rest.apps.revokeInstallationAccessToken()).rejects.toMatchObject({ status: 403 });
  });

  it('unknown routes are 404 JSON; GET /rate_limit is shaped', async () => {
    const res = await fetch(`${gh.url}/no/such/route`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ message: 'Not Found' });
    const rl = await new Octokit({ baseUrl: gh.url }).rest.rateLimit.get();
    expect(rl.data.resources.core.limit).toBe(5000);
  });

  it('every JSON response so far matched its OpenAPI schema', () => {
    expect(gh.violations).toEqual([]);
  });
});
