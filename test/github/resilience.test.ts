import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { createOctokit } from '../../src/github/octokit.ts';
import { githubError } from '../../src/github/errors.ts';
import { PermanentError, TransientError } from '../../src/core/errors.ts';

let gh: GithubEmulator;
let token: string;
const repo = { owner: 'acme', repo: 'api' };
const statuses = (from: number) => gh.requests.slice(from).filter((r) => r.path === '/repos/acme/api').map((r) => r.status);

beforeAll(async () => {
  gh = await startGithubEmulator();
  await gh.createRepo('acme/api', { files: { a: '1' } });
  token = gh.mintToken({ owner: 'acme' });
});
afterAll(async () => { await gh.close(); });

describe('createOctokit: throttling and retry against injected faults', () => {
  it('a 429 with Retry-After: 1 is retried after about a second and succeeds', async () => {
    const kit = createOctokit({ auth: token, baseUrl: gh.url });
    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'rate429', retryAfter: 1 });
    const n = gh.requests.length;
    const t = Date.now();
    const res = await kit.rest.repos.get(repo);
    expect(res.status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(950);
    expect(statuses(n)).toEqual([429, 200]);
  });

  it('a secondary rate limit (403 + Retry-After) is retried by the throttling plugin', async () => {
    const kit = createOctokit({ auth: token, baseUrl: gh.url });
    gh.fault({ route: '/repos/{owner}/{repo}', kind: 'secondary', retryAfter: 1 });
    const n = gh.requests.length;
    expect((await kit.rest.repos.get(repo)).status).toBe(200);
    expect(statuses(n)).toEqual([403, 200]);
  });

  it('a primary rate limit (403, x-ratelimit-remaining: 0) waits until the reset and retries', async () => {
    const kit = createOctokit({ auth: token, baseUrl: gh.url });
    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'primary', retryAfter: 1 });
    const n = gh.requests.length;
    const t = Date.now();
    expect((await kit.rest.repos.get(repo)).status).toBe(200);
    expect(Date.now() - t).toBeGreaterThanOrEqual(900);
    expect(statuses(n)).toEqual([403, 200]);
  });

  it('a 502 is retried by plugin-retry; retries are bounded', async () => {
    const kit = createOctokit({ auth: token, baseUrl: gh.url });
    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'status', status: 502 });
    let n = gh.requests.length;
    expect((await kit.rest.repos.get(repo)).status).toBe(200);
    expect(statuses(n)).toEqual([502, 200]);
    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'rate429', retryAfter: 0, times: Infinity });
    n = gh.requests.length;
    const err = await kit.rest.repos.get(repo).catch((e: unknown) => e);
    gh.faults.length = 0;
    expect(statuses(n)).toEqual([429, 429, 429, 429]); // 1 + 3 retries
    expect(githubError(err, 'get repo')).toBeInstanceOf(TransientError);
  });

  it('a Retry-After longer than the cap fails fast as a TransientError carrying the wait', async () => {
    const kit = createOctokit({ auth: token, baseUrl: gh.url, maxRetryAfterSec: 5 });
    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'rate429', retryAfter: 120 });
    const t = Date.now();
    const err = githubError(await kit.rest.repos.get(repo).catch((e: unknown) => e), 'get repo');
    expect(Date.now() - t).toBeLessThan(3000);
    expect(err).toBeInstanceOf(TransientError);
    expect((err as TransientError).retryAfterMs).toBeGreaterThan(100_000);
  });

  it('404 and 401 map to PermanentError; malformed JSON and a dropped connection do not crash', async () => {
    const kit = createOctokit({ auth: token, baseUrl: gh.url });
    const nf = githubError(await kit.rest.repos.get({ owner: 'acme', repo: 'nope' }).catch((e: unknown) => e), 'get repo');
    expect(nf).toBeInstanceOf(PermanentError);
    expect(nf.message).toBe('get repo: GitHub 404 (Not Found - https://docs.github.com/rest)');
    const bad = createOctokit({ auth: 'ghp_' + 'x'.repeat(36), baseUrl: gh.url });
    const unauth = githubError(await bad.rest.repos.get(repo).catch((e: unknown) => e), 'get repo');
    expect(unauth).toBeInstanceOf(PermanentError);
    expect(unauth.message).not.toContain('x'.repeat(36));

    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'malformed' });
    const m = await kit.rest.repos.get(repo).then(() => undefined, (e: unknown) => e);
    expect(m).toBeInstanceOf(TransientError);
    expect((m as Error).message).toBe('GitHub sent malformed JSON for GET /repos/{owner}/{repo}');

    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'reset', times: 3 });
    const reset = await kit.rest.repos.get(repo).then(() => undefined, (e: unknown) => e);
    expect(githubError(reset, 'get repo')).toBeInstanceOf(TransientError);
  });

  it('a request that never gets an answer is aborted by the caller and is transient', async () => {
    const kit = createOctokit({ auth: token, baseUrl: gh.url });
    gh.fault({ route: 'GET /repos/{owner}/{repo}', kind: 'timeout', times: 5 });
    const err = await kit.rest.repos.get({ ...repo, request: { signal: AbortSignal.timeout(300), retries: 0 } }).catch((e: unknown) => e);
    gh.faults.length = 0;
    expect(githubError(err, 'get repo')).toBeInstanceOf(TransientError);
  });
});
