import { describe, it, expect, beforeAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync, mkdirSync, chmodSync, readdirSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { scanGitHistory, blobIntroductions } from '../../src/sources/history.ts';
import { hardenedGit } from '../../src/sources/git.ts';
import { fakeGhp } from '../cli/fakes.ts';

const engine = new Engine(loadCatalog());

function git(dir: string, args: string[], date?: string): string {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Ada Dev', GIT_AUTHOR_EMAIL: 'ada@example.com', GIT_COMMITTER_NAME: 'Ada Dev', GIT_COMMITTER_EMAIL: 'ada@example.com', ...(date ? { GIT_AUTHOR_DATE: date, GIT_COMMITTER_DATE: date } : {}) };
  return execFileSync('git', ['-c', 'init.defaultBranch=main', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: dir, env, encoding: 'utf8' }).trim();
}

function commit(dir: string, msg: string, date: string): string {
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '--allow-empty', '-m', msg], date);
  return git(dir, ['rev-parse', 'HEAD']);
}

describe('git history source', () => {
  let repo: string;
  const s1 = fakeGhp();
  const s2 = fakeGhp();
  const s3 = fakeGhp();
  const c: string[] = [];

  beforeAll(() => {
    repo = mkdtempSync(join(tmpdir(), 'ks-hist-'));
    git(repo, ['init', '-q']);
    writeFileSync(join(repo, 'README.md'), '# app\n');
    c.push(commit(repo, 'init', '2026-01-01T10:00:00Z'));
    writeFileSync(join(repo, 'config.js'), `// setup\nconst token = "${s1}";\n`);
    c.push(commit(repo, 'add token', '2026-01-02T10:00:00Z'));
    writeFileSync(join(repo, 'config.js'), '// setup\nconst token = process.env.TOKEN;\n');
    c.push(commit(repo, 'remove token', '2026-01-03T10:00:00Z'));
    mkdirSync(join(repo, 'sub dir'));
    writeFileSync(join(repo, 'sub dir/notes.txt'), `key ${s2}\n`);
    c.push(commit(repo, 'notes', '2026-01-04T10:00:00Z'));
    writeFileSync(join(repo, 'sub dir/notes.txt'), `key ${s2}\nmore text\n`);
    c.push(commit(repo, 'edit notes (secret kept)', '2026-01-05T10:00:00Z'));
    git(repo, ['checkout', '-q', '-b', 'feature']);
    writeFileSync(join(repo, 'feature.env'), `GITHUB_TOKEN=${s3}\n`);
    c.push(commit(repo, 'feature', '2026-01-06T10:00:00Z'));
    git(repo, ['checkout', '-q', 'main']);
  });

  it('finds a secret added then deleted once, with the commit that introduced it', async () => {
    const r = await scanGitHistory(repo, { engine });
    const f1 = r.findings.filter((f) => f.path === 'config.js');
    expect(f1).toHaveLength(1);
    expect(f1[0]).toMatchObject({ commit: c[1], author: 'Ada Dev', date: '2026-01-02T10:00:00+00:00', line: 2, column: 16, source: 'git', detector: 'github-pat-classic' });
  });

  it('keeps the first commit when later versions of a file still hold the secret; scans other branches', async () => {
    const r = await scanGitHistory(repo, { engine });
    const notes = r.findings.filter((f) => f.path === 'sub dir/notes.txt');
    expect(notes.map((f) => f.commit)).toEqual([c[3]]);
    const feat = r.findings.filter((f) => f.path === 'feature.env');
    expect(feat.map((f) => [f.commit, f.config?.pointer])).toEqual([[c[5], '/GITHUB_TOKEN']]);
    expect(r.findings).toHaveLength(3);
    expect(JSON.stringify(r).includes(s1)).toBe(false);
  });

  it('scans every unique blob once', async () => {
    const intros = await blobIntroductions(repo, ['--all']);
    const ids = intros.map((b) => b.blob);
    expect(new Set(ids).size).toBe(ids.length);
    const all = git(repo, ['rev-list', '--all', '--objects']).split('\n').map((l) => l.split(' ')[0]!);
    const blobs = all.filter((id) => git(repo, ['cat-file', '-t', id]) === 'blob');
    expect(new Set(ids)).toEqual(new Set(blobs));
  });

  it('--since limits the scan to the commits after a ref', async () => {
    const r = await scanGitHistory(repo, { engine, since: c[2], until: 'feature' });
    expect(r.findings.map((f) => f.path).sort()).toEqual(['feature.env', 'sub dir/notes.txt']);
    const r2 = await scanGitHistory(repo, { engine, since: c[4], until: 'feature' });
    expect(r2.findings.map((f) => f.path)).toEqual(['feature.env']);
  });

  it('not a repository, unknown ref, corrupt repository: one clear UsageError', async () => {
    const plain = mkdtempSync(join(tmpdir(), 'ks-plain-'));
    await expect(scanGitHistory(plain, { engine })).rejects.toThrow(/^not a git repository/);
    await expect(scanGitHistory(repo, { engine, since: 'no-such-ref' })).rejects.toThrow(/unknown revision/);
    const broken = mkdtempSync(join(tmpdir(), 'ks-broken-'));
    execFileSync('cp', ['-r', join(repo, '.git'), broken]);
    // Delete the commit objects: refs point at nothing.
    const objs = join(broken, '.git', 'objects');
    for (const id of c) unlinkSync(join(objs, id.slice(0, 2), id.slice(2)));
    await expect(scanGitHistory(broken, { engine })).rejects.toThrow(/^cannot read history of .*: (fatal|error)/);
    rmSync(broken, { recursive: true });
  });

  it('never runs the repository fsmonitor or hooks (control: plain git does)', async () => {
    const hostile = mkdtempSync(join(tmpdir(), 'ks-hostile-'));
    execFileSync('cp', ['-r', join(repo, '.git'), hostile]);
    git(hostile, ['checkout', '-q', '-f', 'main']);
    const marker = join(hostile, 'PWNED');
    const script = join(hostile, 'fsmon.sh');
    writeFileSync(script, `#!/bin/sh\ntouch '${marker}'\n`);
    chmodSync(script, 0o755);
    execFileSync('git', ['config', 'core.fsmonitor', script], { cwd: hostile });
    mkdirSync(join(hostile, '.git', 'hooks'), { recursive: true });
    await hardenedGit(hostile).status();
    await scanGitHistory(hostile, { engine });
    expect(existsSync(marker)).toBe(false);
    execFileSync('git', ['status', '--porcelain'], { cwd: hostile, env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    expect(existsSync(marker)).toBe(true);
    expect(readdirSync(hostile)).toContain('PWNED');
  });
});
