// End to end: a signed push webhook carrying a live AWS key (minted by the AWS emulator) ends with
// the key deactivated at the emulator and a check run with an annotation; the same key pushed to a
// second repository is marked reused. Everything real except GitHub and AWS (loopback emulators).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/core/fingerprint.ts';
import { startWorld, envFile, type World } from '../pipeline/world.ts';
import { until } from '../pipeline/helpers.ts';

let w: World;
beforeAll(async () => {
  w = await startWorld({ remediate: true });
}, 60_000);
afterAll(async () => {
  await w?.close();
});

const ZERO = '0'.repeat(40);

describe('push to revoke', () => {
  it('deactivates a live AWS key pushed to a public repository and reports a check run', async () => {
    const key = w.aws.mint({ account: '210987654321', userName: 'deploy' });
    const secret = String(key.extra.secret);
    await w.gh.createRepo('acme/api', { private: false, files: { 'README.md': '# api\n' } });
    const sha = await w.gh.commit('acme/api', { message: 'add deploy config', files: { 'deploy/prod.env': envFile(key.token, secret) } });
    const t0 = Date.now();
    const hook = await w.gh.sendWebhook(w.hookUrl, 'push', { installationId: w.installationId, repository: 'acme/api', payload: { ref: 'refs/heads/main', before: ZERO, after: sha, deleted: false } });
    expect(hook.status).toBe(202);

    await until(async () => key.status === 'inactive', 30_000);
    const latency = (Date.now() - t0) / 1000;
    await until(async () => (await w.p.store.get(fingerprint(key.token)))?.state === 'revoked', 10_000);
    expect(key.revocations).toBe(1);
    expect(w.aws.policiesOf('deploy', '210987654321')).toContain('arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2');

    const run = await until(async () => w.gh.state.checkRuns.find((c) => c.headSha === sha && c.status === 'completed'), 20_000);
    expect(run.conclusion).toBe('failure');
    const ann = run.annotations.find((a: { path: string }) => a.path === 'deploy/prod.env') as { message: string; start_line: number } | undefined;
    expect(ann).toBeDefined();
    expect(ann!.start_line).toBe(3);
    // Neither the key id's tail nor the secret key reaches GitHub.
    expect(JSON.stringify(run)).not.toContain(secret);
    expect(JSON.stringify(run)).not.toContain(key.token);

    const sarif = await until(async () => w.gh.state.sarifs.find((s) => s.commitSha === sha), 10_000);
    expect(sarif.ref).toBe('refs/heads/main');
    expect(JSON.stringify(sarif.sarif)).toContain('deploy/prod.env');
    expect(JSON.stringify(sarif.sarif)).not.toContain(secret);

    const f = await w.p.store.get(fingerprint(key.token));
    expect(f).toMatchObject({ state: 'revoked', verification: 'live', reused: false });
    console.log(`push-to-revoke (in-process): ${latency.toFixed(2)} s`);

    // Remediation (debounced after the scan): one pull request, no secret in it.
    const pull = await until(async () => w.gh.state.pulls.find((x) => x.repo === 'acme/api'), 30_000);
    expect(pull.title).toBeTruthy();
    expect(String(pull.body)).toMatch(/AKIA…\(20\)`: deactivated at .* by keyshift/);
    expect(JSON.stringify(pull)).not.toContain(secret);
    expect(JSON.stringify(pull)).not.toContain(key.token);
    await until(async () => w.gh.state.pulls.filter((x) => x.repo === 'acme/api').length === 1 ? true : undefined, 5000);
  });

  it('marks the same key pushed to a second repository as reused, without revoking twice', async () => {
    const key = w.aws.registry.all().find((r) => r.owner === 'deploy')!;
    await w.gh.createRepo('acme/web', { private: false, files: { 'README.md': '# web\n' } });
    const sha = await w.gh.commit('acme/web', { message: 'dev settings', files: { 'config/dev.env': envFile(key.token, String(key.extra.secret)) } });
    expect((await w.gh.sendWebhook(w.hookUrl, 'push', { installationId: w.installationId, repository: 'acme/web', payload: { ref: 'refs/heads/main', before: ZERO, after: sha } })).status).toBe(202);
    const run = await until(async () => w.gh.state.checkRuns.find((c) => c.headSha === sha && c.status === 'completed'), 30_000);
    expect(run.annotations.some((a: { message: string }) => a.message.includes('reused'))).toBe(true);
    const f = (await w.p.store.get(fingerprint(key.token)))!;
    expect(f.reused).toBe(true);
    expect(f.places.map((p) => p.repo).sort()).toEqual(['acme/api', 'acme/web']);
    expect(f.envs).toEqual(['dev', 'prod']);
    expect(f.state).toBe('revoked');
    expect(key.revocations).toBe(1);
  });

  it('scans every step of a finished workflow run; the log is one more place of the same key', async () => {
    const key = w.aws.registry.all().find((r) => r.owner === 'deploy')!;
    const sha = await w.gh.commit('acme/api', { message: 'ci', files: { 'ci.txt': 'x\n' } });
    const run = w.gh.registerRun('acme/api', { headSha: sha, jobs: [{ name: 'deploy', steps: [
      { name: 'Set up job', log: 'runner ready\n' },
      { name: 'Deploy to production', log: `+ aws configure\n${envFile(key.token, String(key.extra.secret))}` },
    ] }] });
    const hook = await w.gh.sendWebhook(w.hookUrl, 'workflow_run', { action: 'completed', installationId: w.installationId, repository: 'acme/api', payload: { workflow_run: { id: run.id, run_attempt: 1, head_sha: sha, conclusion: 'success' } } });
    expect(hook.status).toBe(202);
    const f = await until(async () => {
      const x = await w.p.store.get(fingerprint(key.token));
      return x?.places.some((p) => p.runId === run.id) ? x : undefined;
    }, 20_000);
    const place = f.places.find((p) => p.runId === run.id)!;
    expect(place).toMatchObject({ repo: 'acme/api', source: 'ci-log', env: 'prod' });
    expect(place.step).toMatch(/Deploy to production/);
    expect(f.reused).toBe(true);
    // No secret value anywhere under the prefix in Redis.
    const keys = await w.redis.keys(`${w.prefix}*`);
    for (const k of keys) {
      const type = await w.redis.type(k);
      const dump = type === 'hash' ? JSON.stringify(await w.redis.hgetall(k)) : type === 'string' ? String(await w.redis.get(k)) : type === 'list' ? JSON.stringify(await w.redis.lrange(k, 0, -1)) : '';
      expect(dump).not.toContain(String(key.extra.secret));
      expect(dump).not.toContain(key.token);
    }
  });
});
