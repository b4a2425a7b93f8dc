// Scenario 1: no plaintext at rest. 100 planted secrets (live ones minted at the AWS and GitHub
// emulators, the rest format-correct fakes of ~80 detector types) go through the real system:
// signed push and workflow_run webhooks -> `keyshift serve` -> two `keyshift worker` processes ->
// scans, verification, revocation, check runs, SARIF; then `keyshift scan` reports (text, JSON,
// SARIF) and remediation pull requests on the GitHub emulator. Afterwards every Redis key under the
// prefix, every log line, report, check run, SARIF upload, PR/issue text, keyshift-made branch and
// commit, the audit ledger and every error message is searched for every secret value: raw,
// base64, base64url and URL-encoded. Zero hits.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { startWorld, envFile, type World } from '../pipeline/world.ts';
import { freePort, keyshift, stop, waitHttp, type Proc } from '../pipeline/procs.ts';
import { until } from '../pipeline/helpers.ts';
import { githubApp } from '../../src/github/app.ts';
import { remediateRepository } from '../../src/github/pull-request.ts';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import type { Finding } from '../../src/core/types.ts';
import { plantable, encodings } from './secrets.ts';
import { record } from './figures.ts';

const REPOS = 10;
const ZERO = '0'.repeat(40);
let w: World;
const procs: Proc[] = [];
const work = mkdtempSync(join(tmpdir(), 'keyshift-chaos-plain-'));
const log = join(work, 'processes.log');

beforeAll(async () => {
  w = await startWorld({ inProcess: false });
}, 60_000);
afterAll(async () => {
  await Promise.all(procs.map((p) => stop(p, 5000)));
  await w?.close();
  rmSync(work, { recursive: true, force: true });
});

/** Every value stored under the prefix, read with the command for its type. */
async function redisText(): Promise<{ keys: number; text: string }> {
  const parts: string[] = [];
  let cursor = '0';
  let keys = 0;
  do {
    const [next, batch] = await w.redis.scan(cursor, 'MATCH', `${w.prefix}*`, 'COUNT', 500);
    cursor = next;
    for (const k of batch) {
      keys++;
      const type = await w.redis.type(k);
      parts.push(k);
      if (type === 'string') parts.push(String(await w.redis.get(k)));
      else if (type === 'hash') parts.push(JSON.stringify(await w.redis.hgetall(k)));
      else if (type === 'list') parts.push(JSON.stringify(await w.redis.lrange(k, 0, -1)));
      else if (type === 'set') parts.push(JSON.stringify(await w.redis.smembers(k)));
      else if (type === 'zset') parts.push(JSON.stringify(await w.redis.call('ZRANGE', k, '0', '-1', 'WITHSCORES')));
      else if (type === 'stream') parts.push(JSON.stringify(await w.redis.xrange(k, '-', '+')));
      else parts.push(`<${type}>`);
    }
  } while (cursor !== '0');
  return { keys, text: parts.join('\n') };
}

function git(dir: string, args: string[]): string {
  const r = spawnSync('git', ['-C', dir, ...args], { encoding: 'utf8' });
  return r.stdout ?? '';
}

/** Branch names, commit messages and the files keyshift wrote, for every branch it made. */
function keyshiftGitText(dir: string, base: string): { branches: number; text: string } {
  const branches = git(dir, ['for-each-ref', '--format=%(refname:short)', 'refs/heads']).split('\n').filter((b) => b && b !== base);
  const parts: string[] = [];
  for (const b of branches) {
    parts.push(b, git(dir, ['log', '--format=%H%n%an <%ae>%n%B', `${base}..${b}`]));
    for (const path of git(dir, ['diff', '--name-only', base, b]).split('\n').filter(Boolean)) parts.push(path, git(dir, ['show', `${b}:${path}`]));
  }
  return { branches: branches.length, text: parts.join('\n') };
}

function filesUnder(root: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(root)) {
    if (e === '.git') continue;
    const p = join(root, e);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

it('no plaintext at rest: 100 secrets through webhooks, workers, verify, revoke, reports and PRs; zero hits in every store', async (ctx) => {
  const port = await freePort();
  const env = { ...w.env, KEYSHIFT_PORT: String(port), KEYSHIFT_HOST: '127.0.0.1', KEYSHIFT_LOG_LEVEL: 'debug', KEYSHIFT_ISSUER_GITHUB_URL: w.gh.url };
  // Live credentials at the emulators: 6 AWS pairs (12 values) and 6 GitHub PATs; 82 fakes.
  const aws = Array.from({ length: 6 }, (_, i) => w.aws.mint({ userName: `deploy-${i}` }));
  const pats = Array.from({ length: 6 }, (_, i) => w.gh.mintToken({ kind: 'ghp', owner: `dev-${i}`, scopes: ['repo'] }));
  const fakes = plantable(82);
  const secrets = [...aws.flatMap((k) => [k.token, String(k.extra.secret)]), ...pats, ...fakes.map((f) => f.value)];
  expect(secrets.length).toBe(100);
  expect(new Set(secrets).size).toBe(100);

  procs.push(keyshift(['serve'], env, log), keyshift(['worker'], env, log), keyshift(['worker'], env, log));
  await waitHttp(`http://127.0.0.1:${port}/healthz`);
  const hook = `http://127.0.0.1:${port}/api/github/webhooks`;

  // Plant: each repository gets an AWS .env, a workflow and an MCP config with a PAT, and ~8 fakes
  // in files; its CI run log repeats two of them.
  const shas: string[] = [];
  const repos = [];
  for (let r = 0; r < REPOS; r++) {
    const name = `acme/plain-${r}`;
    const repo = await w.gh.createRepo(name, { private: false, files: { 'README.md': `# ${r}\n` } });
    repos.push(repo);
    const mine = fakes.filter((_, i) => i % REPOS === r);
    const files: Record<string, string> = {};
    const k = aws[r % aws.length]!;
    files['deploy/prod.env'] = envFile(k.token, String(k.extra.secret));
    const pat = pats[r % pats.length]!;
    // Workflow changes need the App's `workflows` permission, which this one lacks: those repos get
    // an issue with the patch, the others a pull request on a branch.
    if (r % 2 === 0) files['.github/workflows/release.yml'] = `name: release\non: push\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n      - run: gh release create "$GITHUB_REF_NAME"\n        env:\n          GH_TOKEN: ${pat}\n`;
    files['.cursor/mcp.json'] = JSON.stringify({ mcpServers: { github: { command: 'npx', args: ['-y', '@modelcontextprotocol/server-github'], env: { GITHUB_PERSONAL_ACCESS_TOKEN: pat } } } }, null, 2) + '\n';
    mine.forEach((f, i) => (files[i % 2 ? `config/${f.detector}.env` : `src/settings-${i}.txt`] = `${f.line}\n`));
    const sha = await w.gh.commit(name, { message: 'add settings', files });
    shas.push(sha);
    expect((await w.gh.sendWebhook(hook, 'push', { installationId: w.installationId, repository: name, payload: { ref: 'refs/heads/main', before: ZERO, after: sha } })).status).toBe(202);
    const run = w.gh.registerRun(name, { headSha: sha, jobs: [{ name: 'build', steps: [{ name: 'Run tests', log: `2026-01-01T00:00:00Z ${mine[0]?.line ?? ''}\n2026-01-01T00:00:01Z ${mine[1]?.line ?? ''}\n` }] }] });
    expect((await w.gh.sendWebhook(hook, 'workflow_run', { installationId: w.installationId, repository: name, action: 'completed', payload: { workflow_run: { id: run.id, run_attempt: 1, head_sha: sha, conclusion: 'success' } } })).status).toBe(202);
  }
  // A forged delivery carrying a secret in its body is refused and never stored.
  expect((await w.gh.sendWebhook(hook, 'push', { installationId: w.installationId, repository: 'acme/plain-0', signature: 'sha256=' + '0'.repeat(64), payload: { after: shas[0], head_commit: { message: secrets[0] } } })).status).toBe(401);

  // Wait: a completed check run per push, every AWS key deactivated, every queue drained.
  await until(async () => shas.every((s) => w.gh.state.checkRuns.some((c) => c.headSha === s && c.status === 'completed')), 180_000, 250);
  await until(async () => aws.every((k) => k.status === 'inactive'), 60_000, 250);
  await until(async () => {
    for (const q of w.p.queues.all()) {
      const c = await q.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(c).some((n) => n > 0)) return false;
    }
    return true;
  }, 120_000, 250);

  // Reports and remediation, as a user would run them on a checkout.
  const cli: string[] = [];
  const engine = new Engine(loadCatalog());
  const kit = await githubApp({ appId: w.app.id, privateKey: w.app.privateKey, baseUrl: w.gh.url, writeIntervalMs: 0 }).installationOctokit(w.installationId);
  let prs = 0;
  let issues = 0;
  for (const [i, repo] of repos.entries()) {
    const dir = join(work, `co-${i}`);
    // Async: the GitHub emulator serves this clone from this very process.
    await promisify(execFile)('git', ['clone', '-q', w.gh.cloneUrl(repo.fullName), dir]);
    if (process.env.CHAOS_DEBUG) console.log(`cli ${repo.fullName}`);
    for (const format of ['text', 'json', 'sarif']) {
      const r = spawnSync(process.execPath, ['bin/keyshift.js', 'scan', dir, '--format', format, '--no-color'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      cli.push(r.stdout, r.stderr);
      if (i === 0 && format === 'json') expect(r.stdout.length).toBeGreaterThan(100);
    }
    const h = spawnSync(process.execPath, ['bin/keyshift.js', 'scan', dir, '--history', '--format', 'json'], { encoding: 'utf8' });
    cli.push(h.stdout, h.stderr);
    const findings: Finding[] = [];
    for (const file of filesUnder(dir)) findings.push(...engine.scan({ data: readFileSync(file, 'utf8'), origin: { source: 'file', path: relative(dir, file) } }));
    const t0 = Date.now();
    const res = await Promise.race([
      remediateRepository(kit, { owner: repo.owner, repo: repo.name }, findings),
      new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`remediation of ${repo.fullName} timed out`)), 60_000)),
    ]).catch((e: Error) => ({ error: e.message }));
    if (process.env.CHAOS_DEBUG) console.log(`remediate ${repo.fullName}: ${Date.now() - t0} ms, ${findings.length} findings, ${'error' in res ? res.error : res.result?.action}`);
    if ('error' in res) cli.push(res.error);
    else if (res.result) (res.result.kind === 'pull' ? prs++ : issues++);
  }

  // The haystack: every store keyshift writes to.
  const redis = await redisText();
  const logs = readFileSync(log, 'utf8');
  const state = w.gh.state;
  const github = JSON.stringify({ checkRuns: state.checkRuns, sarifs: state.sarifs, pulls: state.pulls, issues: state.issues });
  let branches = 0;
  const gitText = repos.map((r) => { const g = keyshiftGitText(r.dir, r.defaultBranch); branches += g.branches; return g.text; }).join('\n');
  const stores: Record<string, string> = { redis: redis.text, logs, github, git: gitText, cli: cli.join('\n') };
  const hits: string[] = [];
  for (const s of secrets) for (const form of encodings(s)) for (const [where, text] of Object.entries(stores)) if (text.includes(form)) hits.push(`${where}: ${s === form ? 'raw' : 'encoded'} ${s.slice(0, 4)}…`);

  const findingsStored = (await w.redis.keys(`${w.prefix}:store:f:*`)).length;
  record(ctx, {
    secrets: secrets.length, types: new Set(fakes.map((f) => f.detector)).size + 2, redisKeys: redis.keys, findingsStored,
    logLines: logs.split('\n').length, checkRuns: state.checkRuns.length, sarifs: state.sarifs.length, prs, issues, branches,
    revoked: aws.filter((k) => k.status === 'inactive').length * 2 + pats.filter((p) => w.gh.credential(p)?.status === 'revoked').length,
    hits: hits.length,
  });
  if (hits.length) console.log(hits.slice(0, 20).join('\n'));
  expect(state.checkRuns.length).toBeGreaterThanOrEqual(REPOS);
  expect(logs.split('\n').length).toBeGreaterThan(50);
  expect(prs).toBeGreaterThan(0);
  expect(issues).toBeGreaterThan(0);
  expect(branches).toBe(prs);
  expect(findingsStored).toBeGreaterThanOrEqual(50);
  expect(hits).toEqual([]);
});
