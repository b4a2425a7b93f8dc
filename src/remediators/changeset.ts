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
  const where = f.config ? `\`${f.path}\` (${f.config.client} \`${f.config.pointer}\`)` : `\`${f.path}:${f.line}\``;
  return `${f.name} \`${f.redacted}\` in ${where} (fingerprint \`${f.fingerprint.slice(0, 12)}\`)`;
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
    credentials: credentialsOf(fs),
  };
}

function credentialsOf(fs: Finding[]): NonNullable<ChangeSet['credentials']> {
  const m = new Map<string, { fingerprint: string; redacted: string; issuer?: string }>();
  for (const f of fs) if (!m.has(f.fingerprint)) m.set(f.fingerprint, { fingerprint: f.fingerprint, redacted: f.redacted, ...(f.issuer ? { issuer: f.issuer } : {}) });
  return [...m.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1));
}

/** Ledger entry shape (src/audit/ledger.ts LedgerEntry) as far as the PR text needs it. */
export interface RevocationFact {
  state: string;
  at: string;
  outcome?: string;
}

/** The revoked section from revocation-ledger facts (one line per credential). */
export function revokedSection(set: ChangeSet, facts: Map<string, RevocationFact | undefined>): string[] {
  return (set.credentials ?? []).map((c) => {
    const e = facts.get(c.fingerprint);
    const at = c.issuer ?? 'its issuer';
    if (e?.state === 'done' && e.outcome && ['revoked', 'deactivated', 'deleted'].includes(e.outcome)) return `\`${c.redacted}\`: ${e.outcome} at ${e.at} by keyshift.`;
    if (e?.state === 'done' && e.outcome === 'reported') return `\`${c.redacted}\`: reported to ${at} at ${e.at}; the issuer decides on revocation.`;
    if (e?.state === 'held') return `\`${c.redacted}\`: revocation held for human approval since ${e.at} (\`keyshift scan --revoke --approve\`).`;
    if (e?.state === 'intent' || e?.state === 'approved') return `\`${c.redacted}\`: revocation in progress (since ${e.at}).`;
    if (e?.state === 'retryable') return `\`${c.redacted}\`: revocation failed for now (${e.at}) and will be retried.`;
    return `\`${c.redacted}\`: not revoked by keyshift. Revoke or rotate it at ${at}: it stays in git history.`;
  });
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
    credentials: [...new Map(sets.flatMap((s) => s.credentials ?? []).map((c) => [c.fingerprint, c])).values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : 1)),
  };
}
