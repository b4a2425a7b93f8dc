import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { Router } from '../emulators/github/router.ts';
import { hasRoute, openapi } from '../emulators/github/spec.ts';
import { validateResponse } from '../emulators/github/shape.ts';
import { githubApp } from '../../src/github/app.ts';

let gh: GithubEmulator;
beforeAll(async () => { gh = await startGithubEmulator({ validate: true }); });
afterAll(async () => { await gh.close(); });

function unzip(buf: Buffer): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buf, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out: Record<string, string> = {};
      zip.on('entry', (e: yauzl.Entry) => zip.openReadStream(e, (er, s) => {
        if (er || !s) return reject(er);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c)).on('end', () => { out[e.fileName] = Buffer.concat(chunks).toString(); zip.readEntry(); });
      }));
      zip.on('end', () => resolve(out)).on('error', reject);
      zip.readEntry();
    });
  });
}

describe('the emulator is built on GitHub\'s OpenAPI description', () => {
  it('every route it serves exists in api.github.com.json with that method', () => {
    const routes = gh.router.routes.map((r) => `${r.method} ${r.template}`);
    expect(routes.length).toBeGreaterThanOrEqual(40);
    for (const r of gh.router.routes) expect(hasRoute(r.method, r.template), `${r.method} ${r.template}`).toBe(true);
    expect(new Set(routes).size).toBe(routes.length);
    expect(openapi().paths['/repos/{owner}/{repo}/git/refs'].post.operationId).toBe('git/create-ref');
  });

  it('refuses to register a route the description does not have', () => {
    expect(() => new Router().add('GET', '/repos/{owner}/{repo}/git/refs', () => ({ status: 200 }))).toThrow(/not in GitHub's OpenAPI/);
    expect(() => new Router().add('GET', '/totally/made/up', () => ({ status: 200 }))).toThrow();
  });

  it('the validator is not vacuous: a wrong shape is reported', () => {
    expect(validateResponse('GET', '/rate_limit', 200, { resources: 'nope' })!.length).toBeGreaterThan(0);
    expect(validateResponse('POST', '/repos/{owner}/{repo}/git/blobs', 201, { sha: 1 })!.length).toBeGreaterThan(0);
  });

  it('Actions: run, jobs, and the log archive (302 to a zip of <job>/<n>_<step>.txt)', async () => {
    const app = gh.createApp({ slug: 'ci-reader' });
    await gh.createRepo('acme/ci', { files: { a: '1' } });
    const sha = await gh.commit('acme/ci', { files: { b: '2' } });
    const inst = gh.install(app.id, 'acme');
    const run = gh.registerRun('acme/ci', { headSha: sha, name: 'CI', conclusion: 'failure', jobs: [
      { name: 'build', steps: [{ name: 'Set up job', log: '2026-01-01T00:00:00Z setup\n' }, { name: 'Run tests', log: 'echo token=AKIA-fake-not-real\n' }] },
      { name: 'deploy', steps: [{ name: 'Deploy', log: 'deploying\n' }] },
    ] });
    const kit = await githubApp({ appId: app.id, privateKey: app.privateKey, baseUrl: gh.url }).installationOctokit(inst.id, { permissions: { actions: 'read' } });
    const got = await kit.rest.actions.getWorkflowRun({ owner: 'acme', repo: 'ci', run_id: run.id });
    expect(got.data).toMatchObject({ id: run.id, head_sha: sha, conclusion: 'failure', status: 'completed' });
    const jobs = await kit.rest.actions.listJobsForWorkflowRun({ owner: 'acme', repo: 'ci', run_id: run.id });
    expect(jobs.data.jobs.map((j) => [j.name, j.steps?.length])).toEqual([['build', 2], ['deploy', 1]]);
    const n = gh.requests.length;
    const logs = await kit.rest.actions.downloadWorkflowRunLogs({ owner: 'acme', repo: 'ci', run_id: run.id });
    expect(gh.requests.slice(n).map((r) => r.status)).toEqual([302, 200]);
    const files = await unzip(Buffer.from(logs.data as ArrayBuffer));
    expect(Object.keys(files).sort()).toEqual(['0_build.txt', '1_deploy.txt', 'build/1_Set up job.txt', 'build/2_Run tests.txt', 'deploy/1_Deploy.txt']);
    expect(files['build/2_Run tests.txt']).toBe('echo token=AKIA-fake-not-real\n');
    await expect(kit.rest.actions.getWorkflowRun({ owner: 'acme', repo: 'ci', run_id: 999 })).rejects.toMatchObject({ status: 404 });
  });

  it('secret scanning alerts and their locations (GitHub\'s own detections)', async () => {
    const app = gh.createApp({ slug: 'alerts-reader' });
    await gh.createRepo('acme/ss', { files: { a: '1' } });
    const sha = await gh.commit('acme/ss', { files: { 'k.txt': 'x\n' } });
    const inst = gh.install(app.id, 'acme');
    const secret = gh.mintToken({ kind: 'ghp', owner: 'mallory' });
    const n = gh.addSecretScanningAlert('acme/ss', { secret, secretType: 'github_personal_access_token', locations: [{ path: 'k.txt', line: 1, commit: sha }] });
    const ga = githubApp({ appId: app.id, privateKey: app.privateKey, baseUrl: gh.url });
    const kit = await ga.installationOctokit(inst.id, { permissions: { secret_scanning_alerts: 'read' } });
    const a = await kit.rest.secretScanning.getAlert({ owner: 'acme', repo: 'ss', alert_number: n });
    expect(a.data).toMatchObject({ number: n, secret, secret_type: 'github_personal_access_token', state: 'open' });
    const locs = await kit.rest.secretScanning.listLocationsForAlert({ owner: 'acme', repo: 'ss', alert_number: n });
    expect(locs.data).toEqual([expect.objectContaining({ type: 'commit', details: expect.objectContaining({ path: 'k.txt', start_line: 1, commit_sha: sha }) })]);
    const noPerm = await ga.installationOctokit(inst.id, { permissions: { contents: 'read' } });
    await expect(noPerm.rest.secretScanning.getAlert({ owner: 'acme', repo: 'ss', alert_number: n })).rejects.toMatchObject({ status: 403 });
  });

  it('every JSON response in this file matched its schema', () => expect(gh.violations).toEqual([]));
});
