// Org-scan under a crash: N emulated repositories (each with its own live AWS key; every 10th
// also holds one shared key), two `keyshift worker` processes, `keyshift org-scan` to start it,
// one worker SIGKILLed mid-scan and restarted. Checks: every repository scanned, no finding lost,
// no key revoked twice (emulator's effective deactivations and the audit ledger's records).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fingerprint } from '../../src/core/fingerprint.ts';
import { startWorld, envFile, type World } from './world.ts';
import { keyshift, stop, type Proc } from './procs.ts';
import { until } from './helpers.ts';

export interface OrgScanResult {
  repos: number;
  scanned: number;
  keys: number;
  findingsMissing: number;
  inactive: number;
  revokedTwice: number;
  ledgerDoneTwice: number;
  sharedPlaces: number;
  killedAtScanned: number;
  activeAtKill: number;
  seconds: number;
  log: string;
}

type AwsKey = ReturnType<World['aws']['mint']>;
export interface OrgRepos {
  shared: AwsKey;
  keys: AwsKey[];
  repos: { id: number; fullName: string }[];
}

/** N repositories, each with its own live AWS key; every 10th also holds one shared key (keys[0]). */
export async function plantOrgRepos(w: World, n: number): Promise<OrgRepos> {
  const shared = w.aws.mint({ userName: 'shared-deployer' });
  const keys = [shared];
  const repos: OrgRepos['repos'] = [];
  for (let i = 0; i < n; i += 8) {
    const batch = [];
    for (let j = i; j < Math.min(n, i + 8); j++) {
      const key = w.aws.mint({ userName: `svc-${j}` });
      keys.push(key);
      const files: Record<string, string> = { 'README.md': `# svc ${j}\n`, [`deploy/prod-${j}.env`]: envFile(key.token, String(key.extra.secret)) };
      if (j % 10 === 0) files['config/dev.env'] = envFile(shared.token, String(shared.extra.secret));
      batch.push(w.gh.createRepo(`acme/svc-${j}`, { private: false, files }));
    }
    repos.push(...(await Promise.all(batch)));
  }
  return { shared, keys, repos };
}

/** Repositories with at least one scanned tip. */
export async function scannedCount(w: World, repos: OrgRepos['repos']): Promise<number> {
  const tx = w.redis.pipeline();
  for (const r of repos) tx.scard(`${w.prefix}:store:tips:${r.id}`);
  return ((await tx.exec()) ?? []).filter(([, c]) => Number(c) > 0).length;
}

/** What the scan left: findings missing a planted place, keys deactivated, double revocations. */
export async function orgOutcome(w: World, o: OrgRepos) {
  let findingsMissing = 0;
  for (const [i, k] of o.keys.entries()) {
    const f = await w.p.store.get(fingerprint(k.token));
    const want = i === 0 ? o.repos.filter((_, j) => j % 10 === 0).map((r) => r.fullName) : [o.repos[i - 1]!.fullName];
    if (!f || !want.every((name) => f.places.some((p) => p.repo === name))) findingsMissing++;
  }
  const ledger = (await w.redis.lrange(`${w.prefix}:audit:ledger`, 0, -1)).map((l) => JSON.parse(l) as { fingerprint: string; state: string });
  const done = new Map<string, number>();
  for (const e of ledger) if (e.state === 'done') done.set(e.fingerprint, (done.get(e.fingerprint) ?? 0) + 1);
  return {
    findingsMissing,
    inactive: o.keys.filter((k) => k.status === 'inactive').length,
    revokedTwice: o.keys.filter((k) => k.revocations > 1).length,
    ledgerDoneTwice: [...done.values()].filter((c) => c > 1).length,
    sharedPlaces: (await w.p.store.get(fingerprint(o.shared.token)))?.places.length ?? 0,
  };
}

export async function orgScanCrash(n: number, deadlineMs = 85_000): Promise<OrgScanResult> {
  const w = await startWorld({ inProcess: false });
  const log = join(tmpdir(), `keyshift-orgscan-${process.pid}-${Date.now()}.log`);
  const env = { ...w.env, KEYSHIFT_LOCK_MS: '4000', KEYSHIFT_STALLED_MS: '2000', KEYSHIFT_REVOKE_LEASE_MS: '4000', KEYSHIFT_CONCURRENCY_SCAN: '3' };
  const procs: Proc[] = [];
  try {
    const planted = await plantOrgRepos(w, n);
    const { keys } = planted;
    const t0 = performance.now();
    procs.push(keyshift(['worker'], env, log), keyshift(['worker'], env, log));
    let crashed = false;
    const watch = (p: Proc) => void p.exited.then(() => { if (p !== procs[0] || !killed) crashed = true; });
    let killed = false;
    procs.forEach(watch);
    const trigger = keyshift(['org-scan', '--installation', String(w.installationId)], env, log);
    if ((await trigger.exited) !== 0) throw new Error(`org-scan exited non-zero; see ${log}`);
    const scanned = () => scannedCount(w, planted.repos);
    // Kill one worker once a quarter of the repositories is done, while scans are running.
    const killedAtScanned = await until(async () => {
      if (crashed) throw new Error(`a worker exited by itself; see ${log}`);
      const c = await scanned();
      return c >= Math.floor(n / 4) ? c : false;
    }, deadlineMs, 250);
    const activeAtKill = await w.p.queues.get('scan').getActiveCount();
    killed = true;
    procs[0]!.child.kill('SIGKILL');
    await procs[0]!.exited;
    procs.push(keyshift(['worker'], env, log));
    watch(procs[2]!);
    const end = Date.now() + deadlineMs - (performance.now() - t0);
    await until(async () => (await scanned()) === n && keys.every((k) => k.status === 'inactive'), Math.max(1000, end - Date.now()), 1000).catch(() => undefined);
    const seconds = (performance.now() - t0) / 1000;
    return {
      repos: n, scanned: await scanned(), keys: keys.length, ...(await orgOutcome(w, planted)),
      killedAtScanned, activeAtKill, seconds, log,
    };
  } finally {
    await Promise.all(procs.map((p) => stop(p, 5000)));
    await w.close();
  }
}
