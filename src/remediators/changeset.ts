// Builds ChangeSets: content-hash ids, the "found"/"revoked" sections, merging.
import { createHash } from 'node:crypto';
import type { Finding } from '../core/types.ts';
import type { ChangeSet, FileChange, Plan } from './types.ts';

/** Optional revocation record an issuer stage may attach to a finding. */
interface Revocation {
  status?: string;
  at?: string;
  revokedAt?: string;
}

export function changeSetId(remediators: string[], files: FileChange[]): string {
  const h = createHash('sha256');
  for (const r of [...remediators].sort()) h.update(`r:${r}\0`);
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    h.update(`p:${f.path}\0`);
    h.update(f.content === null ? 'deleted\0' : `c:${f.content}\0`);
  }
  return h.digest('hex');
}

export function foundLine(f: Finding): string {
  const where = f.config ? `${f.path} (${f.config.client} \`${f.config.pointer}\`)` : `${f.path}:${f.line}`;
  return `${f.name} \`${f.redacted}\` in \`${where}\` (fingerprint \`${f.fingerprint.slice(0, 12)}\`)`;
}

export function revokedLine(f: Finding): string {
  const r = (f as Finding & { revocation?: Revocation }).revocation;
  const at = r?.at ?? r?.revokedAt ?? f.identity?.revokedAt;
  if (r?.status === 'revoked' || typeof at === 'string') return `\`${f.redacted}\`: revoked${typeof at === 'string' ? ` at ${at}` : ''}.`;
  const v = f.verification ? ` (last check: ${f.verification.status}, ${f.verification.checkedAt})` : '';
  return `\`${f.redacted}\`: not revoked by keyshift${v}. Revoke or rotate it at ${f.issuer ?? 'its issuer'}: it stays in git history.`;
}

export function makeChangeSet(remediator: string, findings: Finding[], plan: Plan): ChangeSet {
  const uniq = new Map<string, Finding>();
  for (const f of findings) if (!uniq.has(f.fingerprint + f.path)) uniq.set(f.fingerprint + f.path, f);
  const fs = [...uniq.values()];
  return {
    id: changeSetId([remediator], plan.files),
    remediators: [remediator],
    files: plan.files,
    title: plan.title,
    body: {
      found: fs.map(foundLine),
      revoked: [...new Set(fs.map(revokedLine))],
      changed: plan.changed,
      todo: plan.todo,
    },
    fingerprints: [...new Set(fs.map((f) => f.fingerprint))].sort(),
  };
}

/** One change set from several (later files win for the same path). */
export function mergeChangeSets(sets: ChangeSet[]): ChangeSet | null {
  if (sets.length === 0) return null;
  if (sets.length === 1) return sets[0]!;
  const files = new Map<string, FileChange>();
  for (const s of sets) for (const f of s.files) files.set(f.path, f);
  const remediators = [...new Set(sets.flatMap((s) => s.remediators))].sort();
  const list = [...files.values()].sort((a, b) => (a.path < b.path ? -1 : 1));
  const cat = (k: keyof ChangeSet['body']) => [...new Set(sets.flatMap((s) => s.body[k]))];
  return {
    id: changeSetId(remediators, list),
    remediators,
    files: list,
    title: `keyshift: replace static credentials in ${list.length} files with request-time credentials`,
    body: { found: cat('found'), revoked: cat('revoked'), changed: cat('changed'), todo: cat('todo') },
    fingerprints: [...new Set(sets.flatMap((s) => s.fingerprints))].sort(),
  };
}
