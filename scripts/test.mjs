#!/usr/bin/env node
// Test entry point: makes sure a Redis answers (127.0.0.1:6379, else a private redis-server on a free
// port), type-checks, then runs vitest. `--chaos` runs the chaos suite instead of the unit suite.
import { spawn, spawnSync } from 'node:child_process';
import { createConnection, createServer } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const args = process.argv.slice(2);
const chaos = args.includes('--chaos');
const passthrough = args.filter((a) => a !== '--chaos');

function ping(port) {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port });
    const done = (ok) => { s.destroy(); resolve(ok); };
    s.setTimeout(1000, () => done(false));
    s.on('error', () => done(false));
    s.on('connect', () => s.write('PING\r\n'));
    s.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => { const { port } = srv.address(); srv.close(() => resolve(port)); });
    srv.on('error', reject);
  });
}

async function ensureRedis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL };
  if (await ping(6379)) return { url: 'redis://127.0.0.1:6379' };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    console.error('keyshift tests need Redis: none answers on 127.0.0.1:6379 and redis-server is not installed. Install it with `sudo apt-get install -y redis-server` (Debian/Ubuntu) or `brew install redis`.');
    process.exit(2);
  }
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'keyshift-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], { stdio: 'ignore' });
  for (let i = 0; i < 50 && !(await ping(port)); i++) await new Promise((r) => setTimeout(r, 100));
  if (!(await ping(port))) { console.error('redis-server did not start'); process.exit(2); }
  console.log(`started redis-server on 127.0.0.1:${port}`);
  return { url: `redis://127.0.0.1:${port}`, child };
}

function run(cmd, argv, env) {
  return new Promise((resolve) => {
    const p = spawn(cmd, argv, { stdio: 'inherit', env });
    p.on('exit', (code, sig) => resolve(code ?? (sig ? 1 : 0)));
  });
}

const redis = await ensureRedis();
const env = { ...process.env, REDIS_URL: redis.url };
let code = 0;
if (!chaos) code = await run('npx', ['tsc', '--noEmit', '-p', 'tsconfig.json'], env);
if (code === 0) {
  code = chaos
    ? await run('npx', ['vitest', 'run', '--config', 'test/chaos/vitest.config.ts', ...passthrough], env)
    : await run('npx', ['vitest', 'run', ...passthrough], env);
}
redis.child?.kill();
process.exit(code);
