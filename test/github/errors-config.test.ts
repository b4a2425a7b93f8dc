import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { githubBaseUrl, DEFAULT_GITHUB_URL } from '../../src/github/config.ts';
import { githubError, retryAfterMs, isWorkflowRefusal } from '../../src/github/errors.ts';
import { PermanentError, TransientError } from '../../src/core/errors.ts';
import { createOctokit } from '../../src/github/octokit.ts';
import { startGithubEmulator } from '../emulators/github/index.ts';

const err = (status: number | undefined, message: string, headers: Record<string, string> = {}) => Object.assign(new Error(message), { status, response: { headers } });

describe('github config', () => {
  it('defaults to api.github.com; KEYSHIFT_GITHUB_URL (GHES) overrides; garbage throws', () => {
    expect(githubBaseUrl({})).toBe(DEFAULT_GITHUB_URL);
    expect(githubBaseUrl({ KEYSHIFT_GITHUB_URL: 'https://ghe.example.com/api/v3/' })).toBe('https://ghe.example.com/api/v3');
    expect(() => githubBaseUrl({ KEYSHIFT_GITHUB_URL: 'not a url' })).toThrow();
    expect(() => githubBaseUrl({ KEYSHIFT_GITHUB_URL: 'file:///etc/passwd' })).toThrow(/http/);
  });
});

describe('githubError: one mapping from Octokit failures to typed errors', () => {
  it('404/403/401/422 are permanent; 5xx, 429, secondary and primary limits are transient with a wait', () => {
    for (const s of [401, 403, 404, 410, 422]) expect(githubError(err(s, 'Nope'), 'x')).toBeInstanceOf(PermanentError);
    const t = githubError(err(503, 'Unavailable', { 'retry-after': '7' }), 'x') as TransientError;
    expect(t).toBeInstanceOf(TransientError);
    expect(t.retryAfterMs).toBe(7000);
    expect((githubError(err(429, 'Too many', { 'retry-after': '2' }), 'x') as TransientError).retryAfterMs).toBe(2000);
    expect(githubError(err(403, 'You have exceeded a secondary rate limit'), 'x')).toBeInstanceOf(TransientError);
    const reset = String(Math.floor(Date.now() / 1000) + 30);
    const p = githubError(err(403, 'API rate limit exceeded', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset }), 'x') as TransientError;
    expect(p).toBeInstanceOf(TransientError);
    expect(p.retryAfterMs).toBeGreaterThan(25_000);
    expect(githubError(err(undefined, 'fetch failed'), 'x')).toBeInstanceOf(TransientError);
    expect(githubError(new PermanentError('kept'), 'x').message).toBe('kept');
  });

  it('messages are one line and token shapes are masked', () => {
    const token = 'ghp_' + 'A1b2C3d4E5'.repeat(3) + 'Zz9Yy8';
    const m = githubError(err(401, `Bad credentials for ${token}\nstack...`), 'verify').message;
    expect(m).not.toContain(token);
    expect(m).not.toContain('\n');
    expect(m.startsWith('verify: GitHub 401')).toBe(true);
  });

  it('retryAfterMs reads seconds, HTTP dates and the reset header', () => {
    expect(retryAfterMs({ 'retry-after': '3' })).toBe(3000);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:10 GMT' }, now)).toBe(10_000);
    expect(retryAfterMs({}, now)).toBeUndefined();
    expect(isWorkflowRefusal(err(403, 'refusing to allow a GitHub App to create or update workflow'))).toBe(true);
    expect(isWorkflowRefusal(err(403, 'Resource not accessible by integration'))).toBe(false);
  });
});

describe('createOctokit logging', () => {
  it('logs requests and failures without the token', async () => {
    const gh = await startGithubEmulator();
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }));
    const token = gh.mintToken({ owner: 'acme' });
    const kit = createOctokit({ auth: token, baseUrl: gh.url, logger });
    await kit.rest.users.getAuthenticated();
    gh.fault({ route: 'GET /user', kind: 'rate429', retryAfter: 0 });
    await kit.rest.users.getAuthenticated();
    await kit.rest.repos.get({ owner: 'acme', repo: 'missing' }).catch(() => undefined);
    await gh.close();
    const all = lines.join('');
    expect(all).toContain('GET /user');
    expect(all).toContain('429');
    expect(all).not.toContain(token);
    expect(all).not.toContain(token.slice(4, 20));
  });
});
