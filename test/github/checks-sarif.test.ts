import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { githubApp, type GithubApp } from '../../src/github/app.ts';
import { reportCheckRun, type CheckFinding } from '../../src/github/checks.ts';
import { uploadSarif } from '../../src/github/sarif.ts';
import { createOctokit } from '../../src/github/octokit.ts';

let gh: GithubEmulator;
let ga: GithubApp;
let installationId: number;
let sha: string;
const repo = { owner: 'acme', repo: 'api' };

beforeAll(async () => {
  gh = await startGithubEmulator({ validate: true });
  const app = gh.createApp({ slug: 'keyshift' });
  await gh.createRepo('acme/api', { files: { 'config.env': 'X=1\n' } });
  sha = await gh.commit('acme/api', { files: { 'b.txt': 'b\n' } });
  installationId = gh.install(app.id, 'acme').id;
  ga = githubApp({ appId: app.id, privateKey: app.privateKey, baseUrl: gh.url, writeIntervalMs: 10 });
});
afterAll(async () => { await gh.close(); });

const finding = (i: number): CheckFinding => ({
  path: `src/f${i}.ts`, line: i + 1, endLine: i + 1, column: 3, endColumn: 43, detector: 'github-pat-classic', name: 'GitHub PAT',
  redacted: 'ghp_…(40)', fingerprint: `${i}`.padStart(64, 'a'),
});

describe('check runs and SARIF against the emulator', () => {
  it('120 annotations land in 3 PATCHes of at most 50, and the run completes', async () => {
    const kit = await ga.installationOctokit(installationId, { repositories: ['api'], permissions: { checks: 'write' } });
    const before = gh.requests.length;
    const res = await reportCheckRun(kit, repo, sha, Array.from({ length: 120 }, (_, i) => finding(i)));
    const calls = gh.requests.slice(before).filter((r) => r.template?.includes('check-runs'));
    expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['POST 201', 'PATCH 200', 'PATCH 200', 'PATCH 200']);
    expect(res.patches).toBe(3);
    const run = gh.state.checkRuns.find((c) => c.id === res.id)!;
    expect(run.annotations).toHaveLength(120);
    expect(run).toMatchObject({ status: 'completed', conclusion: 'failure', headSha: sha });
    expect(run.annotations[0]).toMatchObject({ path: 'src/f0.ts', start_line: 1, annotation_level: 'failure', start_column: 3 });
    expect(run.annotations[0]!.message).toContain('ghp_…(40)');
    const listed = await kit.paginate(kit.rest.checks.listAnnotations, { ...repo, check_run_id: res.id, per_page: 100 });
    expect(listed).toHaveLength(120);
    const onCommit = await kit.rest.checks.listForRef({ ...repo, ref: 'main' });
    expect(onCommit.data.check_runs.map((c) => c.id)).toContain(res.id);
  });

  it('the emulator refuses 51 annotations in one request with 422, as GitHub does', async () => {
    const kit = await ga.installationOctokit(installationId, { repositories: ['api'], permissions: { checks: 'write' } });
    const { data } = await kit.rest.checks.create({ ...repo, name: 'x', head_sha: sha });
    const annotations = Array.from({ length: 51 }, (_, i) => ({ path: 'a', start_line: i + 1, end_line: i + 1, annotation_level: 'warning' as const, message: 'm' }));
    await expect(kit.rest.checks.update({ ...repo, check_run_id: data.id, output: { title: 't', summary: 's', annotations } })).rejects.toMatchObject({ status: 422 });
  });

  it('no findings: one PATCH completing with success; a PAT cannot write check runs', async () => {
    const kit = await ga.installationOctokit(installationId, { repositories: ['api'], permissions: { checks: 'write' } });
    const res = await reportCheckRun(kit, repo, sha, []);
    expect(res.patches).toBe(1);
    expect(gh.state.checkRuns.find((c) => c.id === res.id)).toMatchObject({ conclusion: 'success', annotations: [] });
    const pat = createOctokit({ auth: gh.mintToken({ owner: 'acme' }), baseUrl: gh.url });
    await expect(reportCheckRun(pat, repo, sha, [])).rejects.toThrow(/403/);
    // a token without checks: write is refused too
    const ro = await ga.installationOctokit(installationId, { repositories: ['api'], permissions: { contents: 'read' } });
    await expect(reportCheckRun(ro, repo, sha, [])).rejects.toThrow(/403/);
  });

  it('SARIF is gzipped + base64 and decodes to the same document at the emulator', async () => {
    const kit = await ga.installationOctokit(installationId, { repositories: ['api'], permissions: { security_events: 'write' } });
    const sarif = { version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [{ tool: { driver: { name: 'keyshift', rules: [] } }, results: [{ ruleId: 'r', message: { text: 'ghp_…(40)' } }] }] };
    const { id } = await uploadSarif(kit, repo, 'main', sha, sarif);
    const stored = gh.state.sarifs.find((s) => s.id === id)!;
    expect(stored).toMatchObject({ ref: 'refs/heads/main', commitSha: sha });
    expect(stored.sarif).toEqual(sarif);
    const status = await kit.rest.codeScanning.getSarif({ ...repo, sarif_id: id });
    expect(status.data.processing_status).toBe('complete');
    // not gzipped: refused
    await expect(kit.rest.codeScanning.uploadSarif({ ...repo, ref: 'refs/heads/main', commit_sha: sha, sarif: Buffer.from('{}').toString('base64') })).rejects.toMatchObject({ status: 400 });
  });

  it('all responses matched the OpenAPI schemas', () => expect(gh.violations).toEqual([]));
});
