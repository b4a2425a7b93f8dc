import { describe, it, expect } from 'vitest';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneHardened, HARDENED_CONFIG, hardenedEnv, resolveRef } from '../../src/sources/git.ts';

describe('hardened git', () => {
  it('clones only https/http URLs (no file://, ssh, ext:: transports)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-clone-'));
    const marker = join(dir, 'PWNED');
    for (const url of ['file:///etc', '/etc', 'ssh://example.com/x.git', `ext::sh -c touch% ${marker}`, '--upload-pack=touch /tmp/x']) {
      await expect(cloneHardened(url, join(dir, 'out'))).rejects.toThrow(/only https:\/\/ and http:\/\/ URLs/);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('every invocation disables hooks, fsmonitor and all transports; env has no system config or prompts', () => {
    expect(HARDENED_CONFIG).toEqual(expect.arrayContaining(['core.hooksPath=/dev/null', 'core.fsmonitor=false', 'protocol.allow=never']));
    expect(hardenedEnv()).toMatchObject({ GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' });
  });

  it('refuses option-like refs', async () => {
    await expect(resolveRef('.', '--output=/tmp/x')).rejects.toThrow(/invalid ref/);
  });
});

describe('history of a repository cloned over http (dumb protocol, local server)', () => {
  it('clones with the hardened settings and finds the secret with its commit', async () => {
    const { execFileSync } = await import('node:child_process');
    const { createServer } = await import('node:http');
    const { readFile, writeFile } = await import('node:fs/promises');
    const { fakeGhp } = await import('../cli/fakes.ts');
    const { Engine } = await import('../../src/core/engine.ts');
    const { loadCatalog } = await import('../../src/core/catalog.ts');
    const { scanGitHistory } = await import('../../src/sources/history.ts');
    const work = mkdtempSync(join(tmpdir(), 'ks-http-'));
    const g = (cwd: string, ...a: string[]) => execFileSync('git', ['-c', 'user.name=H', '-c', 'user.email=h@example.com', '-c', 'init.defaultBranch=main', ...a], { cwd, encoding: 'utf8' }).trim();
    g(work, 'init', '-q', 'src');
    const secret = fakeGhp();
    await writeFile(join(work, 'src', 'k.txt'), `k=${secret}\n`);
    g(join(work, 'src'), 'add', '.');
    g(join(work, 'src'), 'commit', '-qm', 'k');
    const head = g(join(work, 'src'), 'rev-parse', 'HEAD');
    g(work, 'clone', '-q', '--bare', 'src', 'served.git');
    g(join(work, 'served.git'), 'update-server-info');
    const server = createServer(async (req, res) => {
      try {
        res.end(await readFile(join(work, 'served.git', decodeURIComponent((req.url ?? '/').split('?')[0]!.replace(/^\/repo\.git/, '')))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as { port: number }).port;
      const dest = join(work, 'clone.git');
      await cloneHardened(`http://127.0.0.1:${port}/repo.git`, dest);
      const r = await scanGitHistory(dest, { engine: new Engine(loadCatalog().filter((d) => d.id === 'github-pat-classic')) });
      expect(r.findings.map((f) => [f.path, f.commit])).toEqual([['k.txt', head]]);
      await expect(cloneHardened(`http://127.0.0.1:${port}/missing.git`, join(work, 'x.git'))).rejects.toThrow(/^cannot clone http:\/\/127\.0\.0\.1:\d+\/missing\.git: /);
    } finally {
      server.close();
    }
  });
});
