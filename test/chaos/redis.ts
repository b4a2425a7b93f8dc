// A private redis-server for crash scenarios: own port and temp dir, AOF fsync on every write, so
// a restart (even after SIGKILL) loses nothing acknowledged. Never the shared 6379 one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { freePort } from '../pipeline/procs.ts';

export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL unless `graceful`) and starts it again on the same port and AOF. */
  restart(o?: { graceful?: boolean; downMs?: number }): Promise<void>;
  close(): Promise<void>;
}

async function ping(port: number, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    const r = new Redis({ port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await r.connect();
      if ((await r.ping()) === 'PONG') return;
    } catch {
      /* not up yet */
    } finally {
      r.disconnect();
    }
    if (Date.now() > end) throw new Error(`redis-server on ${port} did not answer`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

export function redisServerAvailable(): boolean {
  return spawnSync('redis-server', ['--version']).status === 0;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'keyshift-chaos-redis-'));
  let child: ChildProcess;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always', '--save', '', '--maxmemory-policy', 'noeviction'], { stdio: 'ignore' });
    await ping(port, 10_000);
  };
  const kill = async (signal: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await gone;
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async restart(o = {}) {
      await kill(o.graceful ? 'SIGTERM' : 'SIGKILL');
      await new Promise((r) => setTimeout(r, o.downMs ?? 500));
      await start();
    },
    async close() {
      await kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
