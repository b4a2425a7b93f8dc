// Runs a command under /usr/bin/time to get wall time and peak RSS; keeps stdout for parsing.
import { spawnSync } from 'node:child_process';

export interface Timed {
  seconds: number;
  peakRssMb: number;
  /** User + system CPU seconds of the process and its threads. */
  cpuSeconds: number;
  stdout: string;
  status: number | null;
}

export function timed(cmd: string, args: string[], okStatus: number[] = [0, 1]): Timed {
  const t0 = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', 'maxrss_kb=%M cpu=%U+%S', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  if (!okStatus.includes(r.status ?? -1)) throw new Error(`${cmd} exited ${r.status}: ${r.stderr.split('\n').slice(-3).join(' ')}`);
  const rss = /maxrss_kb=(\d+)/.exec(r.stderr);
  const cpu = /cpu=([\d.]+)\+([\d.]+)/.exec(r.stderr);
  const cpuSeconds = cpu ? Number(cpu[1]) + Number(cpu[2]) : NaN;
  return { seconds, peakRssMb: rss ? Number(rss[1]) / 1024 : NaN, cpuSeconds, stdout: r.stdout, status: r.status };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function which(bin: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}
