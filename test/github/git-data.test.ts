import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { githubApp, gitWithToken, type GithubApp } from '../../src/github/app.ts';
import { commitFiles } from '../../src/github/git-data.ts';
import { findPullByHead, openIssue, openOrUpdatePull, comment } from '../../src/github/pulls.ts';
import { WorkflowPermissionError } from '../../src/github/errors.ts';
import { createOctokit } from '../../src/github/octokit.ts';

let gh: GithubEmulator;
let ga: GithubApp;
let inst: number;
let work: string;
const repo = { owner: 'acme', repo: 'svc' };
const WRITE = { contents: 'write', pull_requests: 'write', issues: 'write' } as const;

beforeAll(async () => {
  gh = await startGithubEmulator({ validate: true });
  work = await mkdtemp(join(tmpdir(), 'gh-gd-'));
  const app = gh.createApp({ slug: 'keyshift', permissions: { contents: 'write', pull_requests: 'write', issues: 'write', metadata: 'read', workflows: 'write' } });
  await gh.createRepo('acme/svc', { files: { 'README.md': '# svc\n', '.github/workflows/ci.yml': 'on: push\n', 'src/config.ts': 'export const key = "x";\n', 'old.env': 'A=1\n' } });
  inst = gh.install(app.id, 'acme').id;
  ga = githubApp({ appId: app.id, privateKey: app.privateKey, baseUrl: gh.url, writeIntervalMs: 10 });
});
afterAll(async () => { await gh.close(); await rm(work, { recursive: true, force: true }); });

describe('git data helpers and PR primitives against the emulator', () => {
  it('commitFiles creates a branch with a verified commit that a fresh clone sees; a rerun is a no-op', async () => {
    const kit = await ga.installationOctokit(inst, { repositories: ['svc'], permissions: WRITE });
    const files = [{ path: 'src/config.ts', content: 'export const key = process.env.KEY;\n' }, { path: 'old.env', content: null }, { path: '.env.example', content: 'A=\n' }];
    const res = await commitFiles(kit, repo, { baseBranch: 'main', branch: 'keyshift/fix-1', message: 'keyshift: read KEY at request time', files });
    expect(res).toMatchObject({ created: true, changed: true, verified: true, branch: 'keyshift/fix-1' });
    const got = await kit.rest.git.getCommit({ ...repo, commit_sha: res.sha });
    expect(got.data.verification?.verified).toBe(true);
    expect(got.data.author.name).toBe('keyshift[bot]');

    const { token } = await ga.token(inst, { repositories: ['svc'], permissions: { contents: 'read' } });
    const dir = join(work, 'clone1');
    await gitWithToken(undefined, token).clone(gh.cloneUrl('acme/svc'), dir, ['--branch', 'keyshift/fix-1']);
    expect(await readFile(join(dir, 'src/config.ts'), 'utf8')).toBe('export const key = process.env.KEY;\n');
    expect(await readFile(join(dir, '.env.example'), 'utf8')).toBe('A=\n');
    expect(await readFile(join(dir, 'README.md'), 'utf8')).toBe('# svc\n');
    await expect(stat(join(dir, 'old.env'))).rejects.toThrow();
    expect((await gitWithToken(dir).log()).latest?.hash).toBe(res.sha);

    const again = await commitFiles(kit, repo, { baseBranch: 'main', branch: 'keyshift/fix-1', message: 'keyshift: read KEY at request time', files });
    expect(again).toMatchObject({ sha: res.sha, created: false, changed: false });
    // base moved: the branch is rebuilt on the new base (force-moved)
    const base2 = await gh.commit('acme/svc', { files: { 'NEW.md': 'n\n' } });
    const moved = await commitFiles(kit, repo, { baseBranch: 'main', branch: 'keyshift/fix-1', message: 'keyshift: read KEY at request time', files });
    expect(moved).toMatchObject({ created: false, changed: true });
    expect((await kit.rest.git.getCommit({ ...repo, commit_sha: moved.sha })).data.parents[0]?.sha).toBe(base2);
    const contents = await kit.rest.repos.getContent({ ...repo, path: 'NEW.md', ref: 'keyshift/fix-1' });
    expect(Buffer.from((contents.data as { content: string }).content, 'base64').toString()).toBe('n\n');
  });

  it('a workflow change without workflows: write is refused with WorkflowPermissionError; with it, it lands', async () => {
    const noWf = await ga.installationOctokit(inst, { repositories: ['svc'], permissions: WRITE });
    const change = { baseBranch: 'main', branch: 'keyshift/oidc', message: 'keyshift: OIDC', files: [{ path: '.github/workflows/ci.yml', content: 'on: push\npermissions:\n  id-token: write\n' }] };
    await expect(commitFiles(noWf, repo, change)).rejects.toBeInstanceOf(WorkflowPermissionError);
    expect(await gh.state.repos.get('acme/svc') && (await noWf.rest.git.getRef({ ...repo, ref: 'heads/keyshift/oidc' }).catch((e) => e.status))).toBe(404);
    const wf = await ga.installationOctokit(inst, { repositories: ['svc'], permissions: { ...WRITE, workflows: 'write' } });
    expect((await commitFiles(wf, repo, change)).created).toBe(true);
  });

  it('pushing a workflow change over smart HTTP needs the workflow scope / workflows permission', async () => {
    const dir = join(work, 'push-wf');
    const noScope = gh.mintToken({ owner: 'acme', scopes: ['repo'] });
    const git = gitWithToken(undefined, noScope);
    await git.clone(gh.cloneUrl('acme/svc'), dir);
    const local = gitWithToken(dir, noScope);
    await local.addConfig('user.email', 't@example.test').addConfig('user.name', 't');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir, '.github/workflows/ci.yml'), 'on: [push, pull_request]\n');
    await local.add('.').commit('touch workflow');
    await expect(local.push('origin', 'HEAD:refs/heads/wf-push')).rejects.toThrow(/workflow/);
    const plain = gitWithToken(undefined, noScope);
    const dir2 = join(work, 'push-plain');
    await plain.clone(gh.cloneUrl('acme/svc'), dir2);
    const local2 = gitWithToken(dir2, noScope);
    await local2.addConfig('user.email', 't@example.test').addConfig('user.name', 't');
    await writeFile(join(dir2, 'plain.txt'), 'ok\n');
    await local2.add('.').commit('plain change');
    await local2.push('origin', 'HEAD:refs/heads/plain-push');
    const withScope = gh.mintToken({ owner: 'acme', scopes: ['repo', 'workflow'] });
    await gitWithToken(dir, withScope).push('origin', 'HEAD:refs/heads/wf-push');
    const kit = await ga.installationOctokit(inst, { repositories: ['svc'], permissions: WRITE });
    expect((await kit.rest.git.getRef({ ...repo, ref: 'heads/wf-push' })).status).toBe(200);
    expect((await kit.rest.git.getRef({ ...repo, ref: 'heads/plain-push' })).status).toBe(200);
  });

  it('openOrUpdatePull: one PR per branch, updated on rerun, a closed one stays closed', async () => {
    const kit = await ga.installationOctokit(inst, { repositories: ['svc'], permissions: WRITE });
    const spec = { branch: 'keyshift/fix-1', base: 'main', title: 'keyshift: move KEY to request time', body: 'body v1\n<!-- keyshift:state {} -->' };
    const a = await openOrUpdatePull(kit, repo, spec);
    expect(a.action).toBe('created');
    expect((await openOrUpdatePull(kit, repo, spec)).action).toBe('unchanged');
    const b = await openOrUpdatePull(kit, repo, { ...spec, body: 'body v2' });
    expect(b).toMatchObject({ action: 'updated', pull: { number: a.pull.number } });
    expect(gh.state.pulls.filter((p) => p.head === 'keyshift/fix-1')).toHaveLength(1);
    expect(gh.state.pulls.find((p) => p.number === a.pull.number)?.body).toBe('body v2');
    // the emulator refuses a duplicate open PR like GitHub
    await expect(kit.rest.pulls.create({ ...repo, head: 'keyshift/fix-1', base: 'main', title: 'dup' })).rejects.toMatchObject({ status: 422 });
    // a human closes it
    const human = createOctokit({ auth: gh.mintToken({ owner: 'acme', scopes: ['repo'] }), baseUrl: gh.url });
    await human.rest.pulls.update({ ...repo, pull_number: a.pull.number, state: 'closed' });
    const c = await openOrUpdatePull(kit, repo, { ...spec, body: 'body v3' });
    expect(c).toMatchObject({ action: 'closed', pull: { number: a.pull.number, state: 'closed' } });
    expect(gh.state.pulls.find((p) => p.number === a.pull.number)).toMatchObject({ state: 'closed', body: 'body v2' });
    expect((await findPullByHead(kit, repo, 'keyshift/fix-1'))?.state).toBe('closed');
    expect(await findPullByHead(kit, repo, 'no-such-branch')).toBeUndefined();
  });

  it('issues and comments (the fallback when a PR is not possible)', async () => {
    const kit = await ga.installationOctokit(inst, { repositories: ['svc'], permissions: WRITE });
    const i = await openIssue(kit, repo, 'keyshift: workflow change needs a human', '```diff\n-a\n+b\n```', ['security']);
    await comment(kit, repo, i.number, 'still open');
    const stored = gh.state.issues.find((x) => x.number === i.number)!;
    expect(stored).toMatchObject({ title: 'keyshift: workflow change needs a human', labels: ['security'] });
    expect(stored.comments.map((c) => c.body)).toEqual(['still open']);
    await kit.rest.issues.update({ ...repo, issue_number: i.number, body: 'patched', state: 'closed' });
    expect(gh.state.issues.find((x) => x.number === i.number)).toMatchObject({ body: 'patched', state: 'closed' });
    // as on GitHub, the issues list includes pull requests, marked by `pull_request`
    const all = await kit.paginate(kit.rest.issues.listForRepo, { ...repo, state: 'all', per_page: 1 });
    expect(all.filter((x) => !x.pull_request).map((x) => x.number)).toEqual([i.number]);
    expect(all.filter((x) => x.pull_request).length).toBe(gh.state.pulls.length);
    expect((await kit.rest.issues.listForRepo({ ...repo, state: 'open' })).data.some((x) => x.number === i.number)).toBe(false);
  });

  it('all responses matched the OpenAPI schemas', () => expect(gh.violations).toEqual([]));
});
