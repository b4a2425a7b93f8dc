// Spawn the real bin, as a user would.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'keyshift.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

export function keyshift(args: string[], opts: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...opts.env };
  for (const k of Object.keys(env)) if (k.startsWith('GITHUB_') && !(opts.env && k in opts.env)) delete env[k];
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: opts.cwd, input: opts.input ?? '', env, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** One line on stderr, no stack trace. */
export function expectCleanError(r: Run): void {
  if (r.code !== 2) throw new Error(`exit ${r.code}, stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  if (lines.length !== 1 || !lines[0]!.startsWith('keyshift: ') || r.stderr.includes('    at ')) throw new Error(`not one clean line: ${r.stderr}`);
}
