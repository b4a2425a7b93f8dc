// Scenario 4: hostile input, through the real bin where a user would meet it. Each case ends in a
// clear error or a skip: no crash, no stack trace, no hang (every run has a wall-clock bound), no
// escape (nothing outside the tree is read or written, no repository code runs).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, symlinkSync, writeFileSync, writeSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN } from '../cli/run.ts';
import { zip } from '../emulators/github/zip.ts';
import { fakeGhp } from '../cli/fakes.ts';
import { applyChangeSet } from '../../src/remediators/apply.ts';
import { UsageError } from '../../src/core/errors.ts';
import { startWorld, type World } from '../pipeline/world.ts';
import { record } from './figures.ts';

/** test/chaos-fast runs this file in `npm test` without the multi-hundred-MB cases. */
const FAST = process.env.KEYSHIFT_CHAOS_FAST === '1';
const root = mkdtempSync(join(tmpdir(), 'keyshift-chaos-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Ran { code: number; stdout: string; stderr: string; ms: number; maxRssMb: number }

/** The real bin under /usr/bin/time (peak RSS), with a wall-clock bound. */
function ks(args: string[], o: { cwd?: string; timeoutMs?: number } = {}): Ran {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const k of Object.keys(env)) if (k.startsWith('GITHUB_')) delete env[k];
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'KS_MAXRSS_KB=%M', process.execPath, BIN, ...args], { cwd: o.cwd, env, encoding: 'utf8', timeout: o.timeoutMs ?? 120_000, maxBuffer: 64 << 20 });
  const ms = performance.now() - t0;
  const rss = /KS_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
  const stderr = (r.stderr ?? '').replace(/KS_MAXRSS_KB=\d+\n?/, '').replace(/^Command exited with non-zero status \d+\n/m, '');
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr, ms, maxRssMb: rss ? Math.round(Number(rss[1]) / 1024) : -1 };
}

function noCrash(r: Ran): void {
  expect(r.code, r.stderr).toBeGreaterThanOrEqual(0);
  expect(r.code, r.stderr).toBeLessThanOrEqual(2);
  expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
}

function cleanError(r: Ran, pattern: RegExp): void {
  noCrash(r);
  expect(r.code).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines.length, r.stderr).toBe(1);
  expect(lines[0]).toMatch(pattern);
}

function json(r: Ran): { findings: { path: string; detector: string }[]; problems: { path: string; reason: string }[]; stats: Record<string, number> } {
  return JSON.parse(r.stdout);
}

describe('hostile input', () => {
  it('custom detector with catastrophic backtracking / backreference: refused with one clear line', (ctx) => {
    const dir = join(root, 'redos');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.txt'), 'acme_' + 'a'.repeat(100_000) + '!\n');
    const cfg = (pattern: string) => `detectors:\n  rules:\n    - id: acme-token\n      name: ACME token\n      keywords: [acme_]\n      pattern: '${pattern}'\n      examples: ['acme_aaaa']\n`;
    writeFileSync(join(dir, '.keyshift.yml'), cfg('(acme_(a+)+)\\2$'));
    const refused = ks(['scan', dir]);
    cleanError(refused, /^keyshift: .*detectors\.rules\[0\] \(acme-token\) pattern 0: pattern rejected by RE2/);
    // Nested quantifiers RE2 accepts run in linear time on the classic ReDoS input.
    writeFileSync(join(dir, '.keyshift.yml'), cfg('acme_(a+)+$'));
    const linear = ks(['scan', dir, '--format', 'json']);
    noCrash(linear);
    record(ctx, { refusedExit: refused.code, linearScanMs: Math.round(linear.ms) });
    expect(linear.ms).toBeLessThan(30_000);
  }, 180_000);

  it.skipIf(FAST)('zip bomb, over-ratio and deeply nested archives in CI logs: skipped by the caps, the rest scanned', (ctx) => {
    const ghp = fakeGhp();
    let nested = zip([{ name: 'inner.txt', data: Buffer.from(`token ${ghp}\n`) }]);
    for (let i = 0; i < 20; i++) nested = zip([{ name: `level-${i}.zip`, data: nested }]);
    const bomb = Buffer.alloc(200 << 20); // 200 MiB of zeros: deflates ~1000:1
    const archive = zip([
      { name: 'build/1_Set up job.txt', data: Buffer.from(`GITHUB_TOKEN=${ghp}\n`) },
      { name: 'build/2_Bomb.txt', data: bomb },
      { name: 'build/3_Nested.zip', data: nested },
      { name: 'build/4_Ratio.txt', data: Buffer.alloc(48 << 20) }, // under the entry cap, over the ratio cap
    ]);
    const file = join(root, 'logs.zip');
    writeFileSync(file, archive);
    expect(deflateRawSync(Buffer.alloc(1)).length).toBeGreaterThan(0);
    const r = ks(['scan', file, '--format', 'json']);
    noCrash(r);
    const rep = json(r);
    const bombProblem = rep.problems.find((p) => p.path === 'build/2_Bomb.txt');
    const ratioProblem = rep.problems.find((p) => p.path === 'build/4_Ratio.txt');
    record(ctx, { archiveKB: Math.round(archive.length / 1024), unpackedMB: 248, skipped: rep.problems.length, findings: rep.findings.length, ms: Math.round(r.ms), maxRssMb: r.maxRssMb });
    expect(bombProblem?.reason).toMatch(/entry cap/);
    expect(ratioProblem?.reason).toMatch(/zip bomb/);
    expect(rep.findings.some((f) => f.path === 'build/1_Set up job.txt')).toBe(true);
    expect(r.maxRssMb).toBeLessThan(1024);
  }, 180_000);

  it.skipIf(FAST)('1 GB single-line file (sparse): per-file cap skips it in bounded time and memory; raised cap streams it', (ctx) => {
    const dir = join(root, 'huge');
    mkdirSync(dir);
    const f = join(dir, 'one-line.txt');
    const fd = openSync(f, 'w');
    writeSync(fd, `API_KEY=${'x'.repeat(64)}`);
    writeSync(fd, 'z', (1 << 30) - 1);
    closeSync(fd);
    writeFileSync(join(dir, 'ok.env'), `GITHUB_TOKEN=${fakeGhp()}\n`);
    const capped = ks(['scan', dir, '--format', 'json'], { timeoutMs: 60_000 });
    noCrash(capped);
    const rep = json(capped);
    expect(rep.findings.some((x) => x.path === 'ok.env')).toBe(true);
    expect(rep.stats.skipped).toBeGreaterThanOrEqual(1);
    // A 64 MiB single line of text with the cap raised past it: streamed in pieces, memory bounded.
    const big = join(root, 'big');
    mkdirSync(big);
    writeFileSync(join(big, 'line.txt'), Buffer.alloc(64 << 20, 'ab'));
    writeFileSync(join(big, '.keyshift.yml'), `maxFileBytes: ${128 << 20}\n`);
    const streamed = ks(['scan', big, '--format', 'json'], { timeoutMs: 180_000 });
    noCrash(streamed);
    record(ctx, { cappedMs: Math.round(capped.ms), cappedRssMb: capped.maxRssMb, line64MiBMs: Math.round(streamed.ms), line64MiBRssMb: streamed.maxRssMb });
    expect(capped.ms).toBeLessThan(30_000);
    expect(capped.maxRssMb).toBeLessThan(600);
    const srep = json(streamed);
    expect(srep.problems.some((p) => p.path.endsWith('line.txt'))).toBe(false);
    expect(srep.stats.bytes).toBeGreaterThanOrEqual(64 << 20);
    expect(streamed.maxRssMb).toBeLessThan(1024);
  }, 180_000);

  it('binary blobs, invalid UTF-8 and symlinks pointing outside the tree: skipped or scanned, nothing outside read', (ctx) => {
    const outside = join(root, 'outside');
    mkdirSync(outside);
    const secretOutside = fakeGhp();
    writeFileSync(join(outside, 'secret.env'), `GITHUB_TOKEN=${secretOutside}\n`);
    const dir = join(root, 'links');
    mkdirSync(dir);
    const inside = fakeGhp();
    writeFileSync(join(dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0]), Buffer.from(`ghp token ${fakeGhp()}`), Buffer.alloc(4096, 0)]));
    writeFileSync(join(dir, 'latin1.env'), Buffer.concat([Buffer.from('NAME=caf\xe9 \xc3\x28 \xf0\x28\x8c\x28\n', 'latin1'), Buffer.from(`GITHUB_TOKEN=${inside}\n`)]));
    symlinkSync(join(outside, 'secret.env'), join(dir, 'leak.env'));
    symlinkSync(outside, join(dir, 'leakdir'));
    symlinkSync('/etc/passwd', join(dir, 'passwd'));
    symlinkSync(join(dir, 'loop'), join(dir, 'loop'));
    const r = ks(['scan', dir, '--format', 'json']);
    noCrash(r);
    const rep = json(r);
    record(ctx, { findings: rep.findings.length, skipped: rep.stats.skipped ?? 0, problems: rep.problems.length });
    expect(r.stdout).not.toContain(secretOutside.slice(-8));
    expect(rep.findings.some((x) => x.path.includes('leak'))).toBe(false);
    expect(rep.findings.some((x) => x.path === 'latin1.env')).toBe(true);
  }, 180_000);

  it('hostile .git/config, hooks, fsmonitor, ext::/file:// submodules: no repository code runs', (ctx) => {
    const repo = join(root, 'evil');
    const marker = join(root, 'PWNED');
    const git = (...a: string[]) => spawnSync('git', ['-C', repo, ...a], { encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
    mkdirSync(repo);
    git('init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'app.env'), `GITHUB_TOKEN=${fakeGhp()}\n`);
    writeFileSync(join(repo, '.gitmodules'), `[submodule "a"]\n\tpath = a\n\turl = ext::sh -c touch% ${marker}\n[submodule "b"]\n\tpath = b\n\turl = file://${root}\n`);
    writeFileSync(join(repo, '.gitattributes'), '*.env filter=evil diff=evil\n');
    git('add', '.');
    git('-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'x');
    const hook = `#!/bin/sh\ntouch ${marker}\n`;
    mkdirSync(join(repo, 'hooks'));
    for (const h of ['post-checkout', 'pre-commit', 'post-index-change', 'reference-transaction', 'fsmonitor-watchman']) {
      writeFileSync(join(repo, '.git', 'hooks', h), hook);
      writeFileSync(join(repo, 'hooks', h), hook);
      chmodSync(join(repo, '.git', 'hooks', h), 0o755);
      chmodSync(join(repo, 'hooks', h), 0o755);
    }
    const cfg = [`[core]`, `\tfsmonitor = touch ${marker}`, `\thooksPath = ${join(repo, 'hooks')}`, `\tpager = touch ${marker}`, `\tsshCommand = touch ${marker}`, `[filter "evil"]`, `\tclean = touch ${marker}`, `\tsmudge = touch ${marker}`, `\tprocess = touch ${marker}`, `[diff "evil"]`, `\ttextconv = touch ${marker}`, `\tcommand = touch ${marker}`, `[protocol "ext"]`, `\tallow = always`, `[uploadpack]`, `\tpackObjectsHook = touch ${marker}`].join('\n');
    writeFileSync(join(repo, '.git', 'config'), `${cfg}\n`, { flag: 'a' });
    const runs = [ks(['scan', repo, '--format', 'json']), ks(['scan', repo, '--history', '--format', 'json']), ks(['scan', repo, '--since', 'HEAD~0', '--format', 'json'])];
    for (const r of runs) noCrash(r);
    record(ctx, { runs: runs.length, exits: runs.map((r) => r.code).join('/'), marker: existsSync(marker) ? 'CREATED' : 'absent' });
    expect(existsSync(marker)).toBe(false);
    expect(json(runs[1]!).findings.some((f) => f.path === 'app.env')).toBe(true);
  }, 180_000);

  it('path traversal in remediation change sets: refused before anything is written', async (ctx) => {
    const dir = join(root, 'fixroot');
    mkdirSync(dir);
    const outside = join(root, 'fix-outside');
    mkdirSync(outside);
    symlinkSync(outside, join(dir, 'linked'));
    symlinkSync(join(outside, 'f.txt'), join(dir, 'f-link.txt'));
    const bad = ['../escape.txt', '/tmp/abs.txt', 'a/../../escape.txt', '.git/hooks/post-checkout', 'linked/x.txt', 'f-link.txt', 'a\0b', 'a\\..\\..\\x'];
    let refused = 0;
    for (const path of bad) {
      const set = { id: 'x', remediators: ['t'], fingerprints: [], title: 't', files: [{ path: 'ok.txt', content: 'fine\n' }, { path, content: 'pwned\n' }] };
      const err = await applyChangeSet(dir, set as never).then(() => undefined, (e: unknown) => e);
      expect(err, path).toBeInstanceOf(UsageError);
      refused++;
    }
    record(ctx, { paths: bad.length, refused });
    expect(existsSync(join(dir, 'ok.txt'))).toBe(false);
    expect(existsSync(join(root, 'escape.txt'))).toBe(false);
    expect(existsSync(join(outside, 'x.txt')) || existsSync(join(outside, 'f.txt'))).toBe(false);
  });
});

describe('hostile webhooks', () => {
  let w: World;
  beforeAll(async () => {
    w = await startWorld({ inProcess: false });
  }, 60_000);
  afterAll(async () => {
    await w?.close();
  }, 180_000);

  it('forged, replayed, oversized and malformed webhooks: 401/413/400, replays queued once, server stays up', async (ctx) => {
    const repo = await w.gh.createRepo('acme/hooks', { private: false, files: { 'README.md': 'x\n' } });
    const send = (o: Record<string, unknown>) => w.gh.sendWebhook(w.hookUrl, 'push', { installationId: w.installationId, repository: repo.fullName, payload: { ref: 'refs/heads/main', before: '0'.repeat(40), after: 'a'.repeat(40) }, ...o });
    const forged = await send({ signature: 'sha256=' + 'f'.repeat(64) });
    const otherSecret = await send({ secret: 'not-the-secret' });
    const unsigned = await send({ signature: null });
    const first = await send({ deliveryId: 'replayed-delivery-1' });
    const replays = await Promise.all(Array.from({ length: 5 }, () => send({ deliveryId: 'replayed-delivery-1' })));
    const events = w.p.queues.get('events');
    const queued = (await events.getJobs(['waiting', 'active', 'completed', 'delayed', 'failed'])).filter((j) => j.id?.includes('replayed-delivery-1')).length;
    const big = Buffer.alloc(26 << 20, 'a');
    const oversized = await fetch(w.hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'big', 'x-hub-signature-256': 'sha256=' + '0'.repeat(64) }, body: big });
    const notJson = await fetch(w.hookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-github-delivery': 'nj', 'x-hub-signature-256': (await import('../../src/server/signature.ts')).sign(w.app.webhookSecret, '{"ref":') }, body: '{"ref":' });
    const health = await fetch(w.hookUrl.replace('/api/github/webhooks', '/healthz'));
    record(ctx, { forged: forged.status, wrongSecret: otherSecret.status, unsigned: unsigned.status, replays: `${first.status}+${replays.map((r) => r.status).join('/')}`, queuedOnce: queued, oversized: oversized.status, badJson: notJson.status, health: health.status });
    expect(forged.status).toBe(401);
    expect(otherSecret.status).toBe(401);
    expect(unsigned.status).toBe(400);
    expect(first.status).toBe(202);
    expect(queued).toBe(1);
    expect(oversized.status).toBe(413);
    expect(notJson.status).toBe(400);
    expect(health.status).toBe(200);
  }, 120_000);
});
