import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleGit } from 'simple-git';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { githubApp, gitEnv, gitWithToken } from '../../src/github/app.ts';

let gh: GithubEmulator;
let work: string;
beforeAll(async () => {
  gh = await startGithubEmulator({ validate: true });
  work = await mkdtemp(join(tmpdir(), 'gh-app-'));
});
afterAll(async () => { await gh.close(); await rm(work, { recursive: true, force: true }); });

describe('GitHub App auth against the emulator', () => {
  it('App JWT -> scoped, cached installation token -> lists only its repos', async () => {
    const app = gh.createApp({ slug: 'keyshift' });
    await gh.createRepo('acme/api', { files: { 'README.md': '# api\n' } });
    await gh.createRepo('acme/web', { files: { 'README.md': '# web\n' } });
    await gh.createRepo('other/x', { files: { 'a.txt': 'x' } });
    const inst = gh.install(app.id, 'acme');
    const ga = githubApp({ appId: app.id, privateKey: app.privateKey, baseUrl: gh.url });

    const me = await ga.octokit.rest.apps.getAuthenticated();
    expect(me.data?.slug).toBe('keyshift');
    expect(await ga.installations()).toEqual([{ id: inst.id, account: 'acme' }]);

    const all = await ga.installationOctokit(inst.id);
    const allRepos = await all.paginate(all.rest.apps.listReposAccessibleToInstallation, { per_page: 1 });
    expect(allRepos.map((r) => r.full_name).sort()).toEqual(['acme/api', 'acme/web']);

    const scope = { repositories: ['api'], permissions: { contents: 'read' as const, metadata: 'read' as const } };
    const t1 = await ga.token(inst.id, scope);
    const t2 = await ga.token(inst.id, { permissions: { metadata: 'read', contents: 'read' }, repositories: ['api'] });
    expect(t2.token).toBe(t1.token); // cached (same scope, key order irrelevant)
    expect(ga.minted).toBe(2);
    expect(t1.token).toMatch(/^ghs_/);
    const cred = gh.credential(t1.token)!;
    expect(cred.repositories).toEqual(['acme/api']);
    expect(cred.permissions).toEqual({ contents: 'read', metadata: 'read' });
    const narrow = await ga.installationOctokit(inst.id, scope);
    const { data } = await narrow.rest.apps.listReposAccessibleToInstallation();
    expect(data.repositories.map((r) => r.full_name)).toEqual(['acme/api']);
    await expect(narrow.rest.repos.get({ owner: 'acme', repo: 'web' })).rejects.toMatchObject({ status: 404 });
    await expect(narrow.rest.repos.get({ owner: 'other', repo: 'x' })).rejects.toMatchObject({ status: 404 });
    expect((await narrow.rest.repos.get({ owner: 'acme', repo: 'api' })).data.full_name).toBe('acme/api');

    // asking for more than the installation has is refused
    await expect(ga.token(inst.id, { permissions: { administration: 'write' } })).rejects.toThrow(/422/);
    await expect(ga.token(inst.id, { repositories: ['nope'] })).rejects.toThrow(/422/);

    // revoke early: the token dies, and the next token() mints a new one
    await ga.revoke(t1.token);
    expect(gh.credential(t1.token)?.status).toBe('revoked');
    expect((await ga.token(inst.id, scope)).token).not.toBe(t1.token);
    // revoked behind our back: the 401 evicts it, the next job gets a fresh token
    const t3 = await ga.token(inst.id, scope);
    gh.state.revoke(t3.token, 'test');
    const stale = await ga.installationOctokit(inst.id, scope);
    await expect(stale.rest.repos.get({ owner: 'acme', repo: 'api' })).rejects.toMatchObject({ status: 401 });
    expect((await ga.token(inst.id, scope)).token).not.toBe(t3.token);
    expect(gh.violations).toEqual([]);
  });

  it('a bad JWT (wrong key) is refused', async () => {
    const app = gh.createApp({ slug: 'other-app' });
    const wrong = gh.createApp({ slug: 'wrong' });
    const ga = githubApp({ appId: app.id, privateKey: wrong.privateKey, baseUrl: gh.url });
    await expect(ga.octokit.rest.apps.getAuthenticated()).rejects.toMatchObject({ status: 401 });
  });

  it('clones a private repo over smart HTTP with the installation token, and not without', async () => {
    const app = gh.createApp({ slug: 'cloner' });
    await gh.createRepo('corp/svc', { files: { 'src/index.ts': 'export const x = 1;\n', 'README.md': 'svc\n' } });
    const inst = gh.install(app.id, 'corp');
    const ga = githubApp({ appId: app.id, privateKey: app.privateKey, baseUrl: gh.url });
    const { token } = await ga.token(inst.id, { repositories: ['svc'], permissions: { contents: 'read' } });
    const dir = join(work, 'svc');
    await gitWithToken(undefined, token).clone(gh.cloneUrl('corp/svc'), dir, ['--filter=blob:none']);
    expect(await readFile(join(dir, 'src/index.ts'), 'utf8')).toBe('export const x = 1;\n');
    const remote = await simpleGit(dir).remote(['get-url', 'origin']);
    expect(remote).not.toContain(token);
    // the x-access-token URL form works too
    await gitWithToken(undefined).clone(gh.cloneUrl('corp/svc', token), join(work, 'svc2'));
    await expect(gitWithToken(undefined).clone(gh.cloneUrl('corp/svc'), join(work, 'svc3'))).rejects.toThrow();
    const revoked = gh.mintToken({ kind: 'ghp', owner: 'corp' });
    gh.state.revoke(revoked, 'test');
    await expect(gitWithToken(undefined).clone(gh.cloneUrl('corp/svc', revoked), join(work, 'svc4'))).rejects.toThrow();
    // read-only token cannot push
    const clone = gitWithToken(dir, token);
    await clone.addConfig('user.email', 't@example.test').addConfig('user.name', 't');
    await clone.commit('x', ['--allow-empty']);
    await expect(clone.push('origin', 'HEAD:refs/heads/x')).rejects.toThrow();
  });
});
