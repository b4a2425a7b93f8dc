// Scenario 2: an org-wide scan of 200 repositories on a private AOF Redis while worker processes are
// SIGKILLed at random (>= 10 times) and Redis itself is SIGKILLed and restarted once. Every
// repository must end scanned, no finding lost, no key revoked twice (AWS emulator registry and
// the audit ledger), and no worker may exit by itself.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { startWorld, type World } from '../pipeline/world.ts';
import { orgOutcome, plantOrgRepos, scannedCount } from '../pipeline/org-scan-scenario.ts';
import { keyshift, stop, type Proc } from '../pipeline/procs.ts';
import { until } from '../pipeline/helpers.ts';
import { startPrivateRedis, type PrivateRedis } from './redis.ts';
import { record } from './figures.ts';

const N = Number(process.env.CHAOS_REPOS ?? 200);
const KILLS = 10;
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);
let state = seed;
const rand = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

let redis: PrivateRedis;
let w: World;
const savedUrl = process.env.REDIS_URL;
beforeAll(async () => {
  redis = await startPrivateRedis();
  process.env.REDIS_URL = redis.url;
  w = await startWorld({ inProcess: false });
  w.redis.on('error', () => undefined);
}, 60_000);
afterAll(async () => {
  await w?.close().catch(() => undefined);
  await redis?.close();
  process.env.REDIS_URL = savedUrl;
});

it(`crash: org-scan of ${N} repos, workers SIGKILLed ${KILLS}x at random, Redis SIGKILLed + restarted (AOF)`, async (ctx) => {
  const log = join(tmpdir(), `keyshift-chaos-crash-${process.pid}.log`);
  const env = { ...w.env, REDIS_URL: redis.url, KEYSHIFT_LOCK_MS: '3000', KEYSHIFT_STALLED_MS: '1500', KEYSHIFT_REVOKE_LEASE_MS: '3000', KEYSHIFT_CONCURRENCY_SCAN: '3' };
  const planted = await plantOrgRepos(w, N);
  const { keys } = planted;
  const procs: Proc[] = [];
  let stopping = false;
  const killedByUs = new Set<Proc>();
  let selfExits = 0;
  const spawnWorker = () => {
    const p = keyshift(['worker'], env, log);
    void p.exited.then(() => { if (!killedByUs.has(p) && !stopping) selfExits++; });
    procs.push(p);
    return p;
  };
  const live = () => procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
  const t0 = performance.now();
  spawnWorker();
  spawnWorker();
  const trigger = keyshift(['org-scan', '--installation', String(w.installationId)], env, log);
  expect(await trigger.exited).toBe(0);
  const scanned = () => scannedCount(w, planted.repos);
  const doneAll = async () => (await scanned()) === N && keys.every((k) => k.status === 'inactive');
  // Progress = repositories scanned + keys deactivated, so kills land in both the scan and the
  // verify/revoke phases. Kill k fires once progress passes a random point in its slice of 5%..85%.
  const total = N + keys.length;
  const progress = async () => (await scanned()) + keys.filter((k) => k.status === 'inactive').length;
  const marks = Array.from({ length: KILLS }, (_, k) => Math.floor(total * (0.05 + (0.8 * (k + rand())) / KILLS)));
  let kills = 0;
  let redisRestartedAt = -1;
  try {
    while (kills < KILLS) {
      const at = await until(async () => {
        if (selfExits) throw new Error(`a worker exited by itself; see ${log}`);
        const v = await progress();
        return v >= marks[kills]! ? v : false;
      }, 180_000, 100);
      const alive = live();
      const victim = alive[Math.floor(rand() * alive.length)]!;
      killedByUs.add(victim);
      victim.child.kill('SIGKILL');
      await victim.exited;
      kills++;
      if (kills === 5) {
        redisRestartedAt = at;
        await redis.restart({ downMs: 1000 });
      }
      spawnWorker();
    }
    await until(doneAll, 240_000, 250).catch(() => undefined);
  } finally {
    stopping = true;
    await Promise.all(procs.map((p) => stop(p, 5000)));
  }
  const seconds = (performance.now() - t0) / 1000;
  const { findingsMissing, inactive, revokedTwice, ledgerDoneTwice } = await orgOutcome(w, planted);
  const scannedNow = await scanned();
  const failed = await w.p.queues.get('scan').getFailed();
  const prHeads = w.gh.state.pulls.map((p) => `${p.repo}:${p.head}`);
  record(ctx, {
    repos: N, scanned: scannedNow, findingsMissing, keys: keys.length, inactive, revokedTwice, ledgerDoneTwice,
    prsTwice: prHeads.length - new Set(prHeads).size, scansFailed: failed.length, sigkills: kills, killMarks: marks.join('/'), redisRestartAt: `${redisRestartedAt}/${total}`, selfExits, seed, s: seconds.toFixed(1),
  });
  for (const j of failed) console.log(`failed scan ${j.id}: ${j.failedReason}`);
  if (scannedNow !== N || findingsMissing) console.log(`crash scenario log: ${log}\n${readFileSync(log, 'utf8').split('\n').slice(-30).join('\n')}`);
  expect(kills).toBeGreaterThanOrEqual(KILLS);
  expect(redisRestartedAt).toBeGreaterThanOrEqual(0);
  expect(scannedNow).toBe(N);
  expect(findingsMissing).toBe(0);
  expect(inactive).toBe(keys.length);
  expect(revokedTwice).toBe(0);
  expect(ledgerDoneTwice).toBe(0);
  expect(prHeads.length).toBe(new Set(prHeads).size);
  expect(selfExits).toBe(0);
}, 480_000);
