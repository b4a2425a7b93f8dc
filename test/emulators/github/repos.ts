// Repositories: real bare git repositories on disk under the emulator's temp folder.
import { join } from 'node:path';
import type { GithubEmulator } from './index.ts';
import type { Repo } from './state.ts';
import { fastCommit, initBare, makeTemplate, resolveRef, type Person } from './git.ts';

/** File content, or null to delete the path. */
export type FileSpec = string | Buffer | null;

export async function createRepo(emu: GithubEmulator, fullName: string, o: { private?: boolean; defaultBranch?: string; files?: Record<string, string> }): Promise<Repo> {
  const [owner, name, extra] = fullName.split('/');
  if (!owner || !name || extra !== undefined) throw new Error(`repository name must be owner/name: ${fullName}`);
  if (emu.state.repos.has(fullName)) throw new Error(`repository exists: ${fullName}`);
  if (!emu.state.users.has(owner)) emu.state.user(owner, 'Organization');
  const repo: Repo = {
    id: emu.state.nextId(), owner, name, fullName, private: o.private ?? true, defaultBranch: o.defaultBranch ?? 'main',
    dir: join(emu.reposDir, owner, `${name}.git`), createdAt: emu.state.now(), nextNumber: 1,
  };
  emu.template ??= makeTemplate(join(emu.reposDir, '.template'));
  await initBare(repo.dir, repo.defaultBranch, await emu.template);
  emu.state.repos.set(fullName, repo);
  if (o.files && Object.keys(o.files).length > 0) await commitFiles(repo, { branch: repo.defaultBranch, message: 'Initial commit', files: o.files });
  return repo;
}

const TEST_AUTHOR: Person = { name: 'Emulator Test', email: 'test@users.noreply.example' };

export async function commitFiles(repo: Repo, o: { branch: string; message: string; files: Record<string, FileSpec>; author?: Person }): Promise<string> {
  const ref = `refs/heads/${o.branch}`;
  const parent = await resolveRef(repo.dir, ref);
  const files = Object.entries(o.files).map(([p, c]): [string, Buffer | null] => [p, c === null ? null : Buffer.from(c)]);
  return fastCommit(repo.dir, { ref, parent, message: o.message, author: o.author ?? TEST_AUTHOR, files });
}
