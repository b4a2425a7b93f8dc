// npm run bench:pipeline: 50 pushes, each carrying a fresh live AWS key (AWS emulator), sent as
// signed webhooks to a `keyshift serve` process and worked by two `keyshift worker` processes on
// one Redis. Latency = webhook sent -> key Inactive at the emulator (polled every 20 ms).
// Last line: `push-to-revoke latency: p50 X s, p95 Y s over N pushes`.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, envFile } from '../pipeline/world.ts';
import { freePort, keyshift, stop, waitHttp } from '../pipeline/procs.ts';
import { until } from '../pipeline/helpers.ts';

const PUSHES = Number(process.env.BENCH_PUSHES ?? 50);
const REPOS = Number(process.env.BENCH_REPOS ?? 10);
const GAP_MS = Number(process.env.BENCH_GAP_MS ?? 250);

const w = await startWorld({ inProcess: false });
const port = await freePort();
const log = join(tmpdir(), `keyshift-bench-${process.pid}.log`);
const env = { ...w.env, KEYSHIFT_PORT: String(port), KEYSHIFT_HOST: '127.0.0.1' };
const serve = keyshift(['serve'], env, log);
const workers = [keyshift(['worker'], env, log), keyshift(['worker'], env, log)];
const quantile = (xs: number[], q: number) => xs[Math.min(xs.length - 1, Math.ceil(q * xs.length) - 1)]!;
try {
  await waitHttp(`http://127.0.0.1:${port}/healthz`);
  const hook = `http://127.0.0.1:${port}/api/github/webhooks`;
  const repos = [];
  for (let i = 0; i < REPOS; i++) repos.push(await w.gh.createRepo(`acme/svc-${i}`, { private: false, files: { 'README.md': `# svc ${i}\n` } }));
  // Warm-up push (first process-level AWS SDK load, first clone) is not measured.
  const warm = w.aws.mint({ userName: 'warm' });
  const wsha = await w.gh.commit('acme/svc-0', { files: { 'warm.env': envFile(warm.token, String(warm.extra.secret)) } });
  await w.gh.sendWebhook(hook, 'push', { installationId: w.installationId, repository: 'acme/svc-0', payload: { ref: 'refs/heads/main', before: '0'.repeat(40), after: wsha } });
  await until(async () => warm.status === 'inactive', 60_000);

  const pending: Promise<number>[] = [];
  for (let i = 0; i < PUSHES; i++) {
    const repo = repos[i % REPOS]!;
    const key = w.aws.mint({ userName: `svc-${i}` });
    const sha = await w.gh.commit(repo.fullName, { message: `push ${i}`, files: { [`deploy/prod-${i}.env`]: envFile(key.token, String(key.extra.secret)) } });
    const t0 = performance.now();
    const r = await w.gh.sendWebhook(hook, 'push', { installationId: w.installationId, repository: repo.fullName, payload: { ref: 'refs/heads/main', before: '0'.repeat(40), after: sha } });
    if (r.status !== 202) throw new Error(`webhook answered ${r.status}`);
    pending.push(until(async () => key.status === 'inactive', 120_000, 20).then(() => (performance.now() - t0) / 1000));
    await new Promise((res) => setTimeout(res, GAP_MS));
  }
  const lat = (await Promise.all(pending)).sort((a, b) => a - b);
  const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  console.log(metrics.split('\n').filter((l) => /^keyshift_(revocations_total|push_to_revoke_seconds_(count|sum))/.test(l)).join('\n'));
  console.log(`worker logs: ${log}`);
  console.log(`push-to-revoke latency: p50 ${quantile(lat, 0.5).toFixed(2)} s, p95 ${quantile(lat, 0.95).toFixed(2)} s over ${lat.length} pushes`);
} finally {
  await Promise.all([stop(serve), ...workers.map((p) => stop(p))]);
  await w.close();
}
