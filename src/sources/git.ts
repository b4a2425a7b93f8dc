// Hardened git: never runs a repository's hooks, fsmonitor, filters, pagers or external diffs,
// ignores system config, never prompts, never fetches submodules; transports only where cloning.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { simpleGit, type SimpleGit } from 'simple-git';
import { UsageError } from '../core/errors.ts';

/** `-c` settings applied to every git invocation. */
export const HARDENED_CONFIG = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'protocol.allow=never',
  'submodule.recurse=false',
  'fetch.recurseSubmodules=false',
  'core.quotePath=false',
  'core.pager=cat',
  'diff.external=',
  'uploadpack.packObjectsHook=',
];

/** Extra settings for a clone: https (and http) only. */
export const CLONE_CONFIG = ['protocol.https.allow=always', 'protocol.http.allow=always'];

export function hardenedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const k of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'SYSTEMROOT']) if (process.env[k]) env[k] = process.env[k];
  return {
    ...env,
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
}

/** simple-git client with the hardened settings (the unsafe flags only allow our own safe values). */
export function hardenedGit(baseDir: string, extraConfig: string[] = []): SimpleGit {
  return simpleGit({
    baseDir,
    allowEnvironment: ['GIT_CONFIG_NOSYSTEM', 'GIT_TERMINAL_PROMPT', 'GIT_NO_REPLACE_OBJECTS', 'GIT_OPTIONAL_LOCKS'],
    config: [...HARDENED_CONFIG, ...extraConfig],
    unsafe: { allowUnsafeHooksPath: true, allowUnsafeFsMonitor: true, allowUnsafeProtocolOverride: true, allowUnsafePager: true, allowUnsafeDiffExternal: true, allowUnsafePack: true },
  }).env(hardenedEnv());
}

/** Streaming git process (rev-list, log, cat-file) with the same settings. */
export function spawnGit(repoDir: string, args: string[]): ChildProcessWithoutNullStreams {
  const cfg = HARDENED_CONFIG.flatMap((c) => ['-c', c]);
  return spawn('git', [...cfg, '-C', repoDir, ...args], { env: hardenedEnv(), stdio: 'pipe' });
}

/** Check that `dir` is a git repository whose refs resolve; one clear error otherwise. */
export async function assertRepo(dir: string): Promise<void> {
  try {
    await hardenedGit(dir).raw(['rev-parse', '--git-dir']);
  } catch {
    throw new UsageError(`not a git repository: ${dir}`);
  }
}

/** Resolve a ref to a commit id, or a UsageError. */
export async function resolveRef(dir: string, ref: string): Promise<string> {
  if (ref.startsWith('-')) throw new UsageError(`invalid ref: ${ref}`);
  let id = '';
  try {
    id = (await hardenedGit(dir).raw(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    id = '';
  }
  if (!/^[0-9a-f]{40,64}$/.test(id)) throw new UsageError(`unknown revision in ${dir}: ${ref}`);
  return id;
}

/** Bare clone of an https URL (no submodules, no checkout, no hooks). */
export async function cloneHardened(url: string, dest: string): Promise<void> {
  if (!/^https?:\/\//i.test(url)) throw new UsageError(`only https:// and http:// URLs can be cloned: ${url}`);
  try {
    await hardenedGit(process.cwd(), CLONE_CONFIG).raw(['clone', '--bare', '--no-recurse-submodules', '--', url, dest]);
  } catch (err) {
    const line = String((err as Error).message).split('\n').find((l) => l.trim()) ?? 'clone failed';
    throw new UsageError(`cannot clone ${url.replace(/\/\/[^/@]*@/, '//')}: ${line.slice(0, 200)}`);
  }
}
