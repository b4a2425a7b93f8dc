import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { keyshift, expectCleanError } from './run.ts';
import { fakeGhp, fakeRandom } from './fakes.ts';

function tree(): { dir: string; secrets: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'ks-cli-'));
  const s = [fakeGhp(), fakeRandom(), fakeGhp(), fakeGhp(), fakeGhp()];
  mkdirSync(join(dir, '.cursor'));
  writeFileSync(join(dir, '.cursor/mcp.json'), JSON.stringify({ mcpServers: { gh: { env: { GITHUB_PERSONAL_ACCESS_TOKEN: s[0], REF: '${env:X}' }, headers: { 'X-Api-Key': s[1] } } } }, null, 2));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src/app.js'), `const t = "${s[2]}";\n`);
  writeFileSync(join(dir, 'src/test.js'), `const ok = "${s[3]}"; // keyshift:allow revoked test token\nconst no = "${s[4]}"; // keyshift:allow\n`);
  return { dir, secrets: s };
}

describe('keyshift scan (real bin)', () => {
  let t: ReturnType<typeof tree>;
  beforeAll(() => {
    t = tree();
  });

  it.each(['text', 'json', 'jsonl', 'sarif', 'markdown'])('format %s: findings, exit 1, no secret value anywhere', (fmt) => {
    const r = keyshift(['scan', t.dir, '-f', fmt]);
    expect(r.code, r.stderr).toBe(1);
    for (const s of t.secrets) {
      expect(r.stdout.includes(s), `${fmt} stdout leaks`).toBe(false);
      expect(r.stderr.includes(s), `${fmt} stderr leaks`).toBe(false);
    }
    if (fmt === 'json') {
      const j = JSON.parse(r.stdout);
      // The random header literal is claimed by whichever detector knows it best (generic or agent-config-literal).
      const label = (f: { path: string; detector: string; config?: { pointer: string } }) => `${f.path} ${f.detector === 'github-pat-classic' ? f.detector : f.config?.pointer}`;
      expect(j.findings.map(label).sort()).toEqual([
        '.cursor/mcp.json /mcpServers/gh/headers/X-Api-Key',
        '.cursor/mcp.json github-pat-classic',
        'src/app.js github-pat-classic',
        'src/test.js github-pat-classic',
      ]);
      expect(j.stats.suppressed).toBe(1);
    }
    if (fmt === 'jsonl') expect(r.stdout.trim().split('\n').map((l) => JSON.parse(l))).toHaveLength(5);
    if (fmt === 'sarif') expect(JSON.parse(r.stdout).runs[0].results).toHaveLength(4);
    if (fmt === 'markdown') expect(r.stdout).toContain('| `src/app.js:1:12` | github-pat-classic |');
    if (fmt === 'text') expect(r.stdout).toMatch(/\.cursor\/mcp\.json:\d+:\d+ {2}github-pat-classic {2}ghp_…\(40\) {2}static validated {2}\(cursor \/mcpServers\/gh\/env\/GITHUB_PERSONAL_ACCESS_TOKEN\)/);
  });

  it('-o writes the report to a file', () => {
    const out = join(t.dir, '..', `out-${Date.now()}.sarif`);
    const r = keyshift(['scan', t.dir, '-f', 'sarif', '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0');
  });

  it('stdin, with --stdin-name for config-aware scanning', () => {
    const s = fakeGhp();
    const plain = keyshift(['scan', '-', '-f', 'json'], { input: `token: ${s}\n` });
    expect(plain.code).toBe(1);
    expect(JSON.parse(plain.stdout).findings[0]).toMatchObject({ path: '-', source: 'stdin', line: 1, column: 8 });
    const cfg = keyshift(['scan', '-', '-f', 'json', '--stdin-name', '.mcp.json'], { input: JSON.stringify({ mcpServers: { a: { env: { T: s } } } }) });
    expect(JSON.parse(cfg.stdout).findings[0].config).toEqual({ client: 'claude-code', pointer: '/mcpServers/a/env/T' });
    expect(plain.stdout.includes(s) || cfg.stdout.includes(s)).toBe(false);
  });

  it('baseline: later scans report only new findings; fingerprints follow the secret, not the place', () => {
    const { dir } = tree();
    const base = join(dir, '.keyshift-baseline.json');
    const b = keyshift(['baseline', dir, '-o', base]);
    expect(b.code, b.stderr).toBe(0);
    expect(JSON.parse(readFileSync(base, 'utf8')).entries).toHaveLength(4);
    expect(keyshift(['scan', dir, '--baseline', base]).code).toBe(0);
    // Move an old secret to a new file and line (a rebase/rename): still known. Add a new one: reported.
    const old = readFileSync(join(dir, 'src/app.js'), 'utf8');
    writeFileSync(join(dir, 'src/moved.js'), `\n\n  ${old}`);
    const fresh = fakeGhp();
    writeFileSync(join(dir, 'src/new.js'), `x = "${fresh}"\n`);
    const r = keyshift(['scan', dir, '--baseline', base, '-f', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.findings.map((f: { path: string }) => f.path)).toEqual(['src/new.js']);
    expect(j.stats.baselined).toBe(5);
    // The baseline itself holds fingerprints only.
    expect(readFileSync(base, 'utf8').includes(fresh)).toBe(false);
  });

  it('.gitignore is honoured only with --gitignore; config exclude always', () => {
    const { dir } = tree();
    writeFileSync(join(dir, '.gitignore'), 'src/\n');
    const all = JSON.parse(keyshift(['scan', dir, '-f', 'json']).stdout);
    const ign = JSON.parse(keyshift(['scan', dir, '-f', 'json', '--gitignore']).stdout);
    expect(all.findings.length).toBe(4);
    expect(ign.findings.map((f: { path: string }) => f.path).every((p: string) => p.startsWith('.cursor/'))).toBe(true);
    writeFileSync(join(dir, '.keyshift.yml'), 'exclude: [".cursor/"]\ndetectors:\n  disable: [agent-config-literal]\n');
    const ex = JSON.parse(keyshift(['scan', dir, '-f', 'json']).stdout);
    expect(ex.findings.map((f: { path: string }) => f.path).sort()).toEqual(['src/app.js', 'src/test.js']);
  });

  it('history from the CLI: commit, author, date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-cli-git-'));
    const s = fakeGhp();
    const g = (...a: string[]) => execFileSync('git', ['-c', 'user.name=Bo', '-c', 'user.email=bo@example.com', '-c', 'init.defaultBranch=main', ...a], { cwd: dir, encoding: 'utf8' });
    g('init', '-q');
    writeFileSync(join(dir, 'a.txt'), `t=${s}\n`);
    g('add', '.');
    g('commit', '-qm', 'one');
    const c1 = g('rev-parse', 'HEAD').trim();
    writeFileSync(join(dir, 'a.txt'), 'gone\n');
    g('commit', '-qam', 'two');
    const r = keyshift(['scan', '--history', dir, '-f', 'json']);
    expect(r.code).toBe(1);
    const f = JSON.parse(r.stdout).findings;
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({ commit: c1, author: 'Bo', path: 'a.txt', source: 'git' });
    expect(keyshift(['scan', dir, '--since', 'HEAD~1', '-f', 'json']).code).toBe(0);
  });
});

describe('bad input: one line on stderr, exit 2, no stack trace', () => {
  it('missing path', () => expectCleanError(keyshift(['scan', '/no/such/path'])));
  it('unknown format', () => expectCleanError(keyshift(['scan', '.', '-f', 'xml'])));
  it('--history on a directory that is not a repository', () => expectCleanError(keyshift(['scan', '--history', mkdtempSync(join(tmpdir(), 'ks-nr-'))])));
  it('corrupt repository', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-corrupt-'));
    execFileSync('git', ['init', '-q'], { cwd: dir });
    writeFileSync(join(dir, '.git', 'refs', 'heads', 'main'), '0123456789012345678901234567890123456789\n');
    writeFileSync(join(dir, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    const r = keyshift(['scan', '--history', dir]);
    expectCleanError(r);
    expect(r.stderr).toMatch(/cannot read history/);
  });
  it('invalid config (schema) and unparseable config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-badcfg-'));
    writeFileSync(join(dir, '.keyshift.yml'), 'archive:\n  maxRatio: -3\n');
    const r = keyshift(['scan', dir]);
    expectCleanError(r);
    expect(r.stderr).toMatch(/invalid config .*\.keyshift\.yml: archive\.maxRatio/);
    writeFileSync(join(dir, 'bad.yml'), 'a: [\n');
    expectCleanError(keyshift(['ci', dir, '--config', join(dir, 'bad.yml')]));
    expectCleanError(keyshift(['scan', dir, '--config', join(dir, 'none.yml')]));
  });
  it('missing or broken baseline', () => {
    expectCleanError(keyshift(['scan', '.', '--baseline', '/no/such/baseline.json']));
  });
  it('a bad file inside a scan is reported and skipped, the scan goes on', () => {
    const { dir } = tree();
    writeFileSync(join(dir, '.mcp.json'), '{"mcpServers": {');
    if (existsSync('/proc/self/mem')) {
      const r0 = keyshift(['scan', '/proc/self/mem', '-f', 'json']);
      expect(r0.code).toBe(0);
      expect(JSON.parse(r0.stdout).problems).toHaveLength(1);
    }
    writeFileSync(join(dir, '.continue-config.yaml'), 'x');
    mkdirSync(join(dir, '.continue'));
    writeFileSync(join(dir, '.continue', 'config.yaml'), 'a: [\n  b: : c');
    const r = keyshift(['scan', dir, '-f', 'json']);
    expect(r.code).toBe(1);
    const j = JSON.parse(r.stdout);
    expect(j.problems.map((p: { path: string }) => p.path)).toContain('.continue/config.yaml');
    expect(j.findings.length).toBe(4);
  });
});
