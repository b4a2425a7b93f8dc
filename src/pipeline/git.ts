// Repository access for scan jobs: a bare, blobless clone authenticated with the installation
// token (sent as a header through GIT_CONFIG_* env, never in the URL or argv), hardened so no
// hook, fsmonitor, filter or non-http transport can run; then the blobs a commit range added,
// each unique blob read once through `git cat-file --batch`.
import { spawn } from 'node:child_process';
import { TransientError, PermanentError } from '../core/errors.ts';

const HARDENED = [
  'core.hooksPath=/dev/null',
  'core.fsmonitor=false',
  'protocol.allow=never',
  'protocol.https.allow=always',
  'protocol.http.allow=always',
  'submodule.recurse=false',
  'fetch.recurseSubmodules=false',
  'core.quotePath=false',
  'core.pager=cat',
  'diff.external=',
  'credential.helper=',
];

export interface GitAuth {
  token: string;
}

function env(auth?: GitAuth): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: '', LC_ALL: 'C' };
  for (const k of ['PATH', 'HOME', 'TMPDIR']) if (process.env[k]) e[k] = process.env[k];
  if (auth) {
    e.GIT_CONFIG_COUNT = '1';
    e.GIT_CONFIG_KEY_0 = 'http.extraHeader';
    e.GIT_CONFIG_VALUE_0 = `Authorization: Basic ${Buffer.from(`x-access-token:${auth.token}`).toString('base64')}`;
  }
  return e;
}

export function git(args: string[], o: { cwd?: string; auth?: GitAuth; input?: string; signal?: AbortSignal } = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const p = spawn('git', [...HARDENED.flatMap((c) => ['-c', c]), ...args], { cwd: o.cwd, env: env(o.auth), stdio: 'pipe', signal: o.signal });
    const out: Buffer[] = [];
    let err = '';
    p.stdout.on('data', (d: Buffer) => out.push(d));
    p.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    p.on('error', (e) => reject(new TransientError(`git ${args[0]}: ${e.message}`)));
    p.on('close', (code) => {
      if (code === 0) return resolve(Buffer.concat(out));
      const line = err.trim().split('\n').pop() ?? '';
      const E = /not found|does not exist|Authentication failed|403|401/.test(err) ? PermanentError : TransientError;
      reject(new E(`git ${args[0]} failed (${code}): ${line.replace(/https?:\/\/[^\s]*@/g, 'https://***@').slice(0, 200)}`));
    });
    if (o.input !== undefined) p.stdin.end(o.input);
    else p.stdin.end();
  });
}

/** Bare clone; blobless unless every blob will be read anyway (a first full scan). */
export async function cloneBare(url: string, dest: string, auth: GitAuth, o: { blobless: boolean; signal?: AbortSignal }): Promise<void> {
  if (!/^https?:\/\//.test(url)) throw new PermanentError('clone URL must be http(s)');
  const filter = o.blobless ? ['--filter=blob:none'] : [];
  await git(['clone', '--bare', ...filter, '--no-recurse-submodules', '--quiet', '--', url, dest], { auth, signal: o.signal });
}

export async function hasCommit(dir: string, sha: string): Promise<boolean> {
  return git(['cat-file', '-e', `${sha}^{commit}`], { cwd: dir }).then(() => true, () => false);
}

export async function fetchCommit(dir: string, sha: string, auth: GitAuth, signal?: AbortSignal): Promise<void> {
  if (await hasCommit(dir, sha)) return;
  await git(['fetch', '--quiet', '--filter=blob:none', '--no-tags', 'origin', sha], { cwd: dir, auth, signal });
}

/** Fetches the given blobs of a partial clone in one request (as git's own lazy fetch does, batched). */
export async function prefetchBlobs(dir: string, oids: string[], auth: GitAuth, signal?: AbortSignal): Promise<void> {
  // A fresh blobless clone holds no blob: ask for all of them (the server skips none it has).
  const missing = [...new Set(oids)];
  if (!missing.length) return;
  await git(['-c', 'fetch.negotiationAlgorithm=noop', 'fetch', '--quiet', '--no-tags', '--no-write-fetch-head', '--recurse-submodules=no', '--filter=blob:none', '--stdin', 'origin'], {
    cwd: dir, auth, signal, input: missing.join('\n') + '\n',
  });
}
