// Scenario 6: load. 1,000 repositories queued by one org-scan and worked by two `keyshift worker`
// processes (enumerate + scan queues) on one Redis. Measured: repositories/s and MB/s of
// repository content, and each worker's peak RSS (VmHWM from /proc, sampled RSS as a check).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorld, type World } from '../pipeline/world.ts';
import { keyshift, stop, type Proc } from '../pipeline/procs.ts';
import { until } from '../pipeline/helpers.ts';
import { fakeGhp } from '../cli/fakes.ts';
import { record } from './figures.ts';

const N = Number(process.env.CHAOS_LOAD_REPOS ?? 1000);
const RSS_BOUND_MB = 1024;
let w: World;
beforeAll(async () => {
  w = await startWorld({ inProcess: false });
}, 60_000);
afterAll(async () => {
  await w?.close();
});

function memMb(pid: number | undefined, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : 0;
  } catch {
    return 0;
  }
}

/** ~40 KB of source-like text per repository, plus a settings file with a fake token. */
function files(i: number): Record<string, string> {
  const lines: string[] = [];
  for (let k = 0; k < 500; k++) lines.push(`export const v${k} = "${randomBytes(24).toString('base64')}"; // ${i}`);
  return { 'README.md': `# svc ${i}\n`, 'src/values.ts': lines.join('\n') + '\n', 'config/app.env': `GITHUB_TOKEN=${fakeGhp()}\nPORT=${8000 + (i % 100)}\n` };
}

it(`load: ${N} queued repositories, two workers: throughput and peak RSS per worker`, async (ctx) => {
  let bytes = 0;
  const repos: { id: number }[] = [];
  for (let i = 0; i < N; i += 10) {
    const batch = [];
    for (let j = i; j < Math.min(N, i + 10); j++) {
      const f = files(j);
      bytes += Object.values(f).reduce((s, v) => s + Buffer.byteLength(v), 0);
      batch.push(w.gh.createRepo(`acme/load-${j}`, { private: false, files: f }));
    }
    repos.push(...(await Promise.all(batch)));
  }
  const log = join(tmpdir(), `keyshift-chaos-load-${process.pid}.log`);
  const env = { ...w.env, KEYSHIFT_ISSUER_GITHUB_URL: w.gh.url, KEYSHIFT_CONCURRENCY_SCAN: '4' };
  const workers: Proc[] = [keyshift(['worker', '--queues', 'enumerate,scan'], env, log), keyshift(['worker', '--queues', 'enumerate,scan'], env, log)];
  const sampled = [0, 0];
  const timer = setInterval(() => workers.forEach((p, i) => (sampled[i] = Math.max(sampled[i]!, memMb(p.child.pid, 'VmRSS')))), 250);
  let hwm = [0, 0];
  let seconds = 0;
  let scanned = 0;
  try {
    const t0 = performance.now();
    const trigger = keyshift(['org-scan', '--installation', String(w.installationId)], env, log);
    expect(await trigger.exited).toBe(0);
    const scanQ = w.p.queues.get('scan');
    await until(async () => (await scanQ.getCompletedCount()) + (await scanQ.getFailedCount()) >= N, 400_000, 250);
    seconds = (performance.now() - t0) / 1000;
    hwm = workers.map((p) => memMb(p.child.pid, 'VmHWM'));
    for (const r of repos) if ((await w.p.store.scannedTips(r.id)).length) scanned++;
  } finally {
    clearInterval(timer);
    await Promise.all(workers.map((p) => stop(p, 5000)));
  }
  const mb = bytes / (1 << 20);
  record(ctx, {
    repos: N, scanned, MB: mb.toFixed(1), s: seconds.toFixed(1), 'repos/s': (N / seconds).toFixed(1), 'MB/s': (mb / seconds).toFixed(2),
    peakRssMbW1: hwm[0]!, peakRssMbW2: hwm[1]!, sampledRssMb: sampled.join('/'),
  });
  expect(scanned).toBe(N);
  for (const m of hwm) expect(m).toBeGreaterThan(0);
  for (const m of hwm) expect(m).toBeLessThan(RSS_BOUND_MB);
}, 540_000);
