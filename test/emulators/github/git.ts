// Git plumbing against the emulator's bare repositories: every API write lands on disk.
import { execFile } from 'node:child_process';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Refuses pushes touching .github/workflows/ unless the pusher may (EMU_WORKFLOWS_ALLOWED=1), as GitHub does. */
const PRE_RECEIVE = `#!/bin/sh
[ "$EMU_WORKFLOWS_ALLOWED" = "0" ] || exit 0
z=0000000000000000000000000000000000000000
while read old new ref; do
  [ "$new" = "$z" ] && continue
  if [ "$old" = "$z" ]; then commits=$(git rev-list "$new" --not --all); else commits=$(git rev-list "$old..$new"); fi
  for c in $commits; do
    if git diff-tree --no-commit-id --name-only -r -m --root "$c" | grep -q '^\\.github/workflows/'; then
      echo "refusing to allow a GitHub App or OAuth App to create or update workflow without \\\`workflows\\\` permission" >&2
      exit 1
    fi
  done
done
`;

export interface Entry { mode: string; type: 'blob' | 'tree' | 'commit'; sha: string }
export interface Person { name: string; email: string; date?: string }

export function git(dir: string, args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('git', args, { cwd: dir, maxBuffer: 256 * 1024 * 1024, encoding: 'buffer', env: { ...process.env, ...env, GIT_TERMINAL_PROMPT: '0' } },
      (err, stdout, stderr) => (err ? reject(new Error(`git ${args[0]}: ${String(stderr).trim() || err.message}`)) : resolve(String(stdout))));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** A git template holding only the pre-receive hook (receive-pack is on: http-backend sets REMOTE_USER). */
export async function makeTemplate(dir: string): Promise<string> {
  await mkdir(join(dir, 'hooks'), { recursive: true });
  await writeFile(join(dir, 'hooks', 'pre-receive'), PRE_RECEIVE);
  await chmod(join(dir, 'hooks', 'pre-receive'), 0o755);
  return dir;
}

export async function initBare(dir: string, branch: string, template: string): Promise<void> {
  await git(process.cwd(), ['init', '--quiet', '--bare', `--template=${template}`, `--initial-branch=${branch}`, dir]);
}

/** One commit on `ref` through a single `git fast-import` (fast for test fixtures). */
export async function fastCommit(dir: string, o: { ref: string; parent?: string; message: string; author: Person; files: Array<[string, Buffer | null]> }): Promise<string> {
  const when = `${Math.floor(Date.now() / 1000)} +0000`;
  const who = `${o.author.name} <${o.author.email}> ${when}`;
  const msg = Buffer.from(o.message);
  const parts: Buffer[] = [Buffer.from(`commit ${o.ref}\nauthor ${who}\ncommitter ${who}\ndata ${msg.length}\n`), msg, Buffer.from('\n')];
  if (o.parent) parts.push(Buffer.from(`from ${o.parent}\n`));
  for (const [path, data] of o.files) {
    const quoted = JSON.stringify(path);
    if (data === null) parts.push(Buffer.from(`D ${quoted}\n`));
    else parts.push(Buffer.from(`M 100644 inline ${quoted}\ndata ${data.length}\n`), data, Buffer.from('\n'));
  }
  await git(dir, ['fast-import', '--quiet', '--force'], Buffer.concat(parts));
  return (await git(dir, ['rev-parse', o.ref])).trim();
}

export async function writeBlob(dir: string, data: Buffer): Promise<string> {
  return (await git(dir, ['hash-object', '-w', '--stdin'], data)).trim();
}

export async function objectType(dir: string, sha: string): Promise<string | undefined> {
  return git(dir, ['cat-file', '-t', sha]).then((s) => s.trim(), () => undefined);
}

/** Flat map path -> entry of every blob (and gitlink) under a tree-ish. */
export async function readTree(dir: string, treeish: string): Promise<Map<string, Entry>> {
  const out = new Map<string, Entry>();
  for (const line of (await git(dir, ['ls-tree', '-r', '-z', treeish])).split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t([\s\S]+)$/.exec(line);
    if (m) out.set(m[4]!, { mode: m[1]!, type: m[2] as Entry['type'], sha: m[3]! });
  }
  return out;
}

/** Build nested trees from a flat map with `git mktree`; returns the root tree sha. */
export async function writeTree(dir: string, files: Map<string, Entry>): Promise<string> {
  const build = async (prefix: string): Promise<string> => {
    const lines: string[] = [];
    const subdirs = new Set<string>();
    for (const [path, e] of files) {
      if (!path.startsWith(prefix)) continue;
      const rest = path.slice(prefix.length);
      const slash = rest.indexOf('/');
      if (slash < 0) lines.push(`${e.mode} ${e.type} ${e.sha}\t${rest}`);
      else subdirs.add(rest.slice(0, slash));
    }
    for (const d of subdirs) lines.push(`040000 tree ${await build(`${prefix}${d}/`)}\t${d}`);
    return (await git(dir, ['mktree', '-z'], lines.map((l) => `${l}\0`).join(''))).trim();
  };
  return build('');
}

export async function commitTree(dir: string, o: { tree: string; parents: string[]; message: string; author: Person; committer: Person }): Promise<string> {
  const args = ['commit-tree', o.tree, ...o.parents.flatMap((p) => ['-p', p])];
  const env = {
    GIT_AUTHOR_NAME: o.author.name, GIT_AUTHOR_EMAIL: o.author.email, GIT_AUTHOR_DATE: o.author.date ?? new Date().toISOString(),
    GIT_COMMITTER_NAME: o.committer.name, GIT_COMMITTER_EMAIL: o.committer.email, GIT_COMMITTER_DATE: o.committer.date ?? new Date().toISOString(),
  };
  return (await git(dir, args, o.message, env)).trim();
}

export interface CommitInfo { sha: string; tree: string; parents: string[]; author: Person; committer: Person; message: string }

function person(line: string): Person {
  const m = /^(.*) <(.*)> (\d+) ([+-]\d{4})$/.exec(line);
  return m ? { name: m[1]!, email: m[2]!, date: new Date(Number(m[3]) * 1000).toISOString().replace(/\.000Z$/, 'Z') } : { name: '', email: '' };
}

export async function readCommit(dir: string, sha: string): Promise<CommitInfo | undefined> {
  if ((await objectType(dir, sha)) !== 'commit') return undefined;
  const raw = await git(dir, ['cat-file', 'commit', sha]);
  const split = raw.indexOf('\n\n');
  const info: CommitInfo = { sha, tree: '', parents: [], author: { name: '', email: '' }, committer: { name: '', email: '' }, message: raw.slice(split + 2) };
  for (const line of raw.slice(0, split).split('\n')) {
    const [k, ...v] = line.split(' ');
    const val = v.join(' ');
    if (k === 'tree') info.tree = val;
    else if (k === 'parent') info.parents.push(val);
    else if (k === 'author') info.author = person(val);
    else if (k === 'committer') info.committer = person(val);
  }
  return info;
}

export async function resolveRef(dir: string, ref: string): Promise<string | undefined> {
  return git(dir, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).then((s) => s.trim() || undefined, () => undefined);
}

export async function listRefs(dir: string, prefix = 'refs/'): Promise<Array<{ ref: string; sha: string }>> {
  const out = await git(dir, ['for-each-ref', '--format=%(refname) %(objectname)', prefix]);
  return out.split('\n').filter(Boolean).map((l) => { const [ref, sha] = l.split(' '); return { ref: ref!, sha: sha! }; });
}

export async function updateRef(dir: string, ref: string, sha: string): Promise<void> {
  await git(dir, ['update-ref', ref, sha]);
}

export async function deleteRef(dir: string, ref: string): Promise<void> {
  await git(dir, ['update-ref', '-d', ref]);
}

export async function isAncestor(dir: string, a: string, b: string): Promise<boolean> {
  return git(dir, ['merge-base', '--is-ancestor', a, b]).then(() => true, () => false);
}

/** Paths changed by the commits reachable from `tip` and not from `exclude`. */
export async function changedPaths(dir: string, tip: string, exclude: string[]): Promise<string[]> {
  const commits = (await git(dir, ['rev-list', tip, ...exclude.map((e) => `^${e}`)])).split('\n').filter(Boolean);
  const paths = new Set<string>();
  for (const c of commits) {
    for (const p of (await git(dir, ['diff-tree', '--no-commit-id', '--name-only', '-r', '-m', '--root', '-z', c])).split('\0')) if (p) paths.add(p);
  }
  return [...paths];
}

export async function catBlob(dir: string, sha: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', ['cat-file', 'blob', sha], { cwd: dir, encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (err, out) => (err ? reject(err) : resolve(out)));
  });
}
