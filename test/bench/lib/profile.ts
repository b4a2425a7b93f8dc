// Single-threaded engine run over a directory with per-detector timings (Engine option `timings`).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../../../src/core/engine.ts';
import type { Detector } from '../../../src/core/types.ts';

export function profileEngine(dir: string, detectors: Detector[], top = 12): { top: [string, number][]; totalMs: number; mbPerCpuSecond: number } {
  const timings = new Map<string, number>();
  const engine = new Engine(detectors, { timings });
  let bytes = 0;
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        const buf = readFileSync(p);
        if (buf.subarray(0, 8192).includes(0)) continue;
        bytes += buf.length;
        engine.scanBuffer(buf, { source: 'file', path: p });
      }
    }
  }
  const c = process.cpuUsage(c0);
  const totalMs = performance.now() - t0;
  const sorted = [...timings].sort((a, b) => b[1] - a[1]).slice(0, top);
  return { top: sorted, totalMs, mbPerCpuSecond: bytes / 1e6 / ((c.user + c.system) / 1e6) };
}
