// Findings to credentials: one per fingerprint (every place it was seen), AWS key ids paired with the
// secret access key found nearest in the same file.
import type { Finding } from '../core/types.ts';
import { secretOf } from '../core/secret.ts';
import type { Credential } from './types.ts';

export interface Group extends Credential {
  fingerprint: string;
  findings: Finding[];
  /** Set on an AWS secret access key that travels with a key id: verified and revoked through it. */
  companionOf?: string;
}

const AWS_KEY_ID = /^(AKIA|ASIA)[A-Z2-7]{16}$/;
const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/;

export function groupFindings(findings: Finding[]): Group[] {
  const byFp = new Map<string, Group>();
  for (const f of findings) {
    const g = byFp.get(f.fingerprint);
    if (g) {
      g.findings.push(f);
      // The same value under a generic detector and an issuer's detector: the issuer's one speaks for it.
      if (!g.finding.issuer && f.issuer) g.finding = f;
      continue;
    }
    const secret = secretOf(f);
    if (secret === undefined) continue; // loaded from JSON: the value is gone, nothing to verify
    byFp.set(f.fingerprint, { fingerprint: f.fingerprint, finding: f, secret, findings: [f] });
  }
  const groups = [...byFp.values()];
  pairAws(groups);
  return groups;
}

function pairAws(groups: Group[]): void {
  const secrets = groups.filter((g) => g.finding.issuer === 'aws' && AWS_SECRET.test(g.secret));
  for (const g of groups) {
    if (!AWS_KEY_ID.test(g.secret)) continue;
    let best: { s: Group; d: number } | undefined;
    for (const f of g.findings) {
      for (const s of secrets) {
        for (const sf of s.findings) {
          if (sf.path !== f.path || sf.commit !== f.commit) continue;
          const d = Math.abs(sf.line - f.line);
          if (d <= 10 && (!best || d < best.d)) best = { s, d };
        }
      }
    }
    if (best) {
      g.parts = { ...g.parts, secretAccessKey: best.s.secret };
      best.s.companionOf = g.fingerprint;
    }
  }
}

/** Distinct places (file, commit, line) a credential was seen. */
export function placesOf(g: Group): number {
  return new Set(g.findings.map((f) => `${f.source}:${f.path}:${f.commit ?? ''}:${f.line}`)).size;
}

/** Seen in more than one file or repository path. */
export function reusedOf(g: Group): boolean {
  return new Set(g.findings.map((f) => f.path)).size > 1;
}
