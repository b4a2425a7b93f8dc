// npm run bench:history: full-history scan of a real repository built from successive published
// versions of a few npm packages (npm pack, pinned), against `git cat-file --batch-all-objects --batch | rg`.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { scanGitHistory } from '../../src/sources/history.ts';
import { fakeGhp, fakeRandom } from '../cli/fakes.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const BENCH = join(ROOT, '.bench');
const TARBALLS = join(BENCH, 'tarballs');
const REPO = join(BENCH, 'history-repo');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const REGEX_TIMEOUT_MS = Number(process.env.BENCH_REGEX_TIMEOUT_MS ?? 120_000);

const VERSIONS: Record<string, string[]> = {
  axios: ['1.0.0', '1.1.3', '1.2.6', '1.3.6', '1.4.0', '1.5.1', '1.6.0', '1.6.8', '1.7.2', '1.7.9'],
  lodash: ['4.17.4', '4.17.10', '4.17.11', '4.17.15', '4.17.19', '4.17.20', '4.17.21'],
  express: ['4.16.4', '4.17.1', '4.17.3', '4.18.1', '4.18.2', '4.19.2', '4.20.0', '4.21.0', '4.21.2'],
};

function sh(cmd: string, args: string[], cwd = ROOT): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 28 }).trim();
}

function tarball(pkg: string, v: string): string {
  return join(TARBALLS, `${pkg}-${v}.tgz`);
}

function fetchTarballs(): void {
  mkdirSync(TARBALLS, { recursive: true });
  const missing = Object.entries(VERSIONS).flatMap(([p, vs]) => vs.filter((v) => !existsSync(tarball(p, v))).map((v) => `${p}@${v}`));
  if (missing.length) {
    console.log(`npm pack ${missing.length} tarballs into ${TARBALLS}`);
    sh('npm', ['pack', '--silent', '--pack-destination', TARBALLS, ...missing]);
  }
}

/** One commit per published version, packages interleaved; two fake secrets planted along the way. */
function buildRepo(): { planted: number } {
  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  const git = (...a: string[]) => sh('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', '-c', 'core.hooksPath=/dev/null', ...a], REPO);
  git('init', '-q', '-b', 'main');
  const steps = Math.max(...Object.values(VERSIONS).map((v) => v.length));
  let n = 0;
  for (let i = 0; i < steps; i++) {
    for (const [pkg, vs] of Object.entries(VERSIONS)) {
      const v = vs[i];
      if (!v) continue;
      rmSync(join(REPO, pkg), { recursive: true, force: true });
      mkdirSync(join(REPO, pkg));
      sh('tar', ['-xzf', tarball(pkg, v), '-C', join(REPO, pkg), '--strip-components=1']);
      if (pkg === 'express' && i === 2) writeFileSync(join(REPO, pkg, '.env'), `GITHUB_TOKEN=${fakeGhp()}\n`);
      if (pkg === 'axios' && i === 4) {
        mkdirSync(join(REPO, '.cursor'), { recursive: true });
        writeFileSync(join(REPO, '.cursor', 'mcp.json'), JSON.stringify({ mcpServers: { gh: { env: { GITHUB_PERSONAL_ACCESS_TOKEN: fakeGhp(), API_KEY: fakeRandom() } } } }, null, 2));
      }
      git('add', '-A');
      git('commit', '-q', '-m', `${pkg} ${v}`, '--date', `2024-01-${String((n % 28) + 1).padStart(2, '0')}T12:00:00Z`);
      n++;
    }
  }
  git('gc', '-q');
  return { planted: 3 };
}

/** Run a shell pipeline `runs` times; a run over `timeoutMs` is killed and reported as such. */
function timed(cmd: string, runs = RUNS, timeoutMs = 900_000): { ms: number[]; out: string; timedOut: boolean } {
  const ms: number[] = [];
  let out = '';
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', maxBuffer: 1 << 26, timeout: timeoutMs, killSignal: 'SIGKILL' });
    if (r.error || r.signal || r.status === 137 || r.status === 124) return { ms, out, timedOut: true };
    if (r.status === 2) throw new Error(`rg failed: ${r.stderr.slice(0, 300)}`);
    ms.push(performance.now() - s);
    out = r.stdout.trim();
  }
  return { ms, out, timedOut: false };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The same detector patterns for rg; those rg cannot compile are dropped and counted. */
function rgPatterns(): { ok: string[]; dropped: number } {
  // Named groups repeat across patterns (`secret`), which one combined rg regex rejects: unname them.
  const all = loadCatalog().flatMap((d) => d.patterns).map((p) => p.replace(/\(\?P?<[A-Za-z_][A-Za-z0-9_]*>/g, '('));
  const ok = all.filter((p) => spawnSync('rg', ['-e', p, '-'], { input: '' }).status !== 2);
  return { ok, dropped: all.length - ok.length };
}

async function main(): Promise<void> {
  if (spawnSync('rg', ['--version']).status !== 0) throw new Error('ripgrep (rg) is needed for the reference run');
  fetchTarballs();
  const t0 = performance.now();
  buildRepo();
  const commits = Number(sh('git', ['rev-list', '--all', '--count'], REPO));
  const objects = sh('git', ['count-objects', '-v'], REPO);
  console.log(`repo: ${REPO}, ${commits} commits (${Object.entries(VERSIONS).map(([p, v]) => `${p} x${v.length}`).join(', ')}), built in ${Math.round(performance.now() - t0)} ms`);
  console.log(objects.split('\n').filter((l) => /^(in-pack|size-pack)/.test(l)).join(', '));

  const engine = new Engine(loadCatalog());
  const ks: number[] = [];
  let report;
  for (let i = 0; i < RUNS; i++) {
    const s = performance.now();
    report = await scanGitHistory(REPO, { engine });
    ks.push(performance.now() - s);
  }
  const quote = (a: string): string => `'${a.split("'").join(`'\\''`)}'`;
  const stream = `git -C ${quote(REPO)} cat-file --batch-all-objects --batch`;
  // Reference 1: every detector keyword as a fixed string (the cheapest full pass over all objects).
  const kws = [...new Set(loadCatalog().flatMap((d) => d.keywords))];
  const kwRun = timed(`${stream} | rg -a -c -i -F ${kws.map((k) => `-e ${quote(k)}`).join(' ')}`);
  // Reference 2: the detectors' own regexes, bounded in time (rg's engine can stall on hundreds of them).
  const pats = rgPatterns();
  const reRun = timed(`${stream} | timeout -s KILL ${REGEX_TIMEOUT_MS / 1000} rg -a -c --regex-size-limit 2G --dfa-size-limit 2G ${pats.ok.map((p) => `-e ${quote(p)}`).join(' ')}`, 1);
  const r = report!;
  const mb = r.stats.bytes / (1 << 20);
  console.log(`keyshift scanGitHistory: ${r.stats.files} unique blobs, ${mb.toFixed(1)} MiB, ${r.stats.skipped} skipped, ${r.findings.length} findings (${[...new Set(r.findings.map((f) => f.detector))].join(', ')})`);
  console.log(`  median of ${RUNS}: ${median(ks).toFixed(0)} ms (${(mb / (median(ks) / 1000)).toFixed(1)} MiB/s); runs ${ks.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`reference 1: git cat-file --batch-all-objects --batch | rg -a -c -i -F <${kws.length} detector keywords>: ${kwRun.out || 0} matching lines`);
  console.log(`  median of ${RUNS}: ${median(kwRun.ms).toFixed(0)} ms; runs ${kwRun.ms.map((x) => x.toFixed(0)).join(', ')}`);
  console.log(`ratio keyshift/reference 1: ${(median(ks) / median(kwRun.ms)).toFixed(1)}x`);
  const re = reRun.timedOut ? `did not finish in ${REGEX_TIMEOUT_MS / 1000} s` : `${reRun.out || 0} matching lines in ${median(reRun.ms).toFixed(0)} ms`;
  console.log(`reference 2: same stream | rg -a -c <${pats.ok.length} detector regexes${pats.dropped ? `; ${pats.dropped} rg cannot compile dropped` : ''}>: ${re}`);
  if (!reRun.timedOut) console.log(`ratio keyshift/reference 2: ${(median(ks) / median(reRun.ms)).toFixed(2)}x`);
}

await main();
