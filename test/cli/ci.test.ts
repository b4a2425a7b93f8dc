import { describe, it, expect, beforeAll } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { keyshift } from './run.ts';
import { fakeGhp, fakeRandom } from './fakes.ts';
import { decide } from '../../src/cli/ci-policy.ts';
import { Policy } from '../../src/policy/evaluate.ts';
import { eventRange } from '../../src/cli/commands/ci.ts';
import type { Finding } from '../../src/core/types.ts';

function gitIn(dir: string) {
  return (...a: string[]) => execFileSync('git', ['-c', 'user.name=Cy', '-c', 'user.email=cy@example.com', '-c', 'init.defaultBranch=main', ...a], { cwd: dir, encoding: 'utf8' }).trim();
}

describe('keyshift ci', () => {
  let dir: string;
  let before: string;
  let after: string;
  const oldSecret = fakeGhp();
  const cfgLiteral = fakeRandom();
  const newSecret = fakeGhp();

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ks-ci-'));
    const g = gitIn(dir);
    g('init', '-q');
    writeFileSync(join(dir, 'old.txt'), `legacy ${oldSecret}\n`);
    g('add', '.');
    g('commit', '-qm', 'old');
    before = g('rev-parse', 'HEAD');
    mkdirSync(join(dir, '.vscode'));
    writeFileSync(join(dir, '.vscode/mcp.json'), `{\n  "servers": {\n    "x": { "type": "http", "url": "https://h/mcp", "headers": { "Authorization": "Bearer ${cfgLiteral}" } }\n  }\n}\n`);
    g('add', '.');
    g('commit', '-qm', 'add mcp config');
    after = g('rev-parse', 'HEAD');
  });

  function event(payload: object): string {
    const f = join(dir, '..', `event-${Math.random()}.json`);
    writeFileSync(f, JSON.stringify(payload));
    return f;
  }

  it('push in GitHub Actions: scans before..after only, annotates, writes the job summary, exits 1', () => {
    const summary = join(dir, '..', `summary-${Date.now()}.md`);
    const r = keyshift(['ci', dir], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event({ before, after }), GITHUB_SHA: after, GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.split('\n').filter((l) => l.startsWith('::'));
    expect(lines).toEqual([
      expect.stringMatching(/^::error file=\.vscode\/mcp\.json,line=3,col=\d+,endLine=3,endColumn=\d+,title=keyshift%3A [^:]+::[a-z0-9-]+ R.{3}…\(32\) \(static\); vscode \/servers\/x\/headers\/Authorization, commit /),
    ]);
    const col = Number(/col=(\d+)/.exec(lines[0]!)![1]);
    const line3 = readFileSync(join(dir, '.vscode/mcp.json'), 'utf8').split('\n')[2]!;
    expect(col).toBe(line3.indexOf(cfgLiteral) + 1);
    const md = readFileSync(summary, 'utf8');
    expect(md).toContain('**Failed**');
    expect(md).toContain('/servers/x/headers/Authorization');
    for (const s of [oldSecret, cfgLiteral]) expect(r.stdout + r.stderr + md).not.toContain(s);
    expect(r.stderr).toContain(`push ${before.slice(0, 7)}..${after.slice(0, 7)}`);
  });

  it('outside a diff it scans the tree: a validated static token anywhere fails', () => {
    const r = keyshift(['ci', dir, '-f', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).findings).toHaveLength(2);
    expect(r.stdout.includes('::error')).toBe(false);
  });

  it('a push whose commits hold no secret passes even though the tree has one', () => {
    const g = gitIn(dir);
    writeFileSync(join(dir, 'README.md'), 'docs\n');
    g('add', 'README.md');
    g('commit', '-qm', 'docs');
    const head = g('rev-parse', 'HEAD');
    const r = keyshift(['ci', dir], { env: { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: event({ before: after, after: head }) } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('Passed');
  });

  it('pull_request: base..head from the event; an unknown base falls back to the tree with a notice', () => {
    const pr = keyshift(['ci', dir, '-f', 'json'], { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event({ pull_request: { base: { sha: before }, head: { sha: after } } }) } });
    expect(JSON.parse(pr.stdout).findings.map((f: Finding) => f.path)).toEqual(['.vscode/mcp.json']);
    const gone = keyshift(['ci', dir, '-f', 'json'], { env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event({ pull_request: { base: { sha: 'f'.repeat(40) }, head: { sha: after } } }) } });
    expect(gone.stderr).toContain('scanning the working tree');
    expect(JSON.parse(gone.stdout).findings).toHaveLength(2);
  });

  it('policy comes from .keyshift.yml; --sarif writes SARIF too', () => {
    const d = mkdtempSync(join(tmpdir(), 'ks-ci-pol-'));
    writeFileSync(join(d, 'notes.txt'), `t ${fakeGhp()}\n`);
    writeFileSync(join(d, '.keyshift.yml'), 'policy:\n  cedar: |\n    @id("agent-only")\n    permit (principal, action == Keyshift::Action::"fail-ci", resource) when { resource.exposure.contains("agent-config") };\n');
    const sarif = join(d, '..', `ks-${Date.now()}.sarif`);
    const r = keyshift(['ci', d, '--sarif', sarif]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results).toHaveLength(1);
    writeFileSync(join(d, '.keyshift.yml'), 'policy:\n  cedar: |\n    @id("any")\n    permit (principal, action == Keyshift::Action::"fail-ci", resource);\n');
    expect(keyshift(['ci', d]).code).toBe(1);
  });
});

describe('CI policy and event parsing (units)', () => {
  const base: Finding = { detector: 'x', name: 'x', path: 'a', line: 1, column: 1, endLine: 1, endColumn: 2, fingerprint: 'f', redacted: 'r', lifetime: 'static', validated: false, source: 'file' };
  it('default Cedar policy: static literal in an agent config or workflow, validated static anywhere, live, reused', () => {
    const policy = Policy.load();
    const cases: [Partial<Finding>, boolean][] = [
      [{}, false],
      [{ validated: true }, true],
      [{ validated: true, lifetime: 'ephemeral' }, false],
      [{ config: { client: 'cursor', pointer: '/a' } }, true],
      [{ config: { client: 'cursor', pointer: '/a' }, lifetime: 'ephemeral' }, false],
      [{ config: { client: 'github-workflow', pointer: '/a' } }, true],
      [{ verification: { status: 'live', checkedAt: '' } }, true],
    ];
    for (const [extra, fail] of cases) expect(decide([{ ...base, ...extra }], policy).fail, JSON.stringify(extra)).toBe(fail);
    expect(decide([base, { ...base, path: 'b' }], policy).fail).toBe(true);
  });
  it('eventRange reads push and pull_request payloads; a new branch push has no range', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-ev-'));
    const f = join(dir, 'e.json');
    writeFileSync(f, JSON.stringify({ before: '0'.repeat(40), after: 'a'.repeat(40) }));
    expect(eventRange({ GITHUB_EVENT_NAME: 'push', GITHUB_EVENT_PATH: f })).toBeUndefined();
    expect(eventRange({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: join(dir, 'none'), GITHUB_BASE_REF: 'main', GITHUB_SHA: 'b'.repeat(40) })).toMatchObject({ since: 'origin/main', until: 'b'.repeat(40) });
    expect(eventRange({})).toBeUndefined();
  });
});
