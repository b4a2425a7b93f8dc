// Pairs a credential with the companion values its issuer needs, found in the same unit:
// an AWS access key id with the nearest secret access key (and session token).
import type { Finding } from '../core/types.ts';
import { secretOf } from '../core/secret.ts';

const isAwsKeyId = (f: Finding) => /^(AKIA|ASIA)[A-Z2-7]{16}$/.test(secretOf(f) ?? '');
const isAwsSecret = (f: Finding) => /aws/i.test(f.detector) && /secret/i.test(f.detector) && !isAwsKeyId(f);
const isAwsSession = (f: Finding) => /aws/i.test(f.detector) && /session/i.test(f.detector);

export interface Paired {
  finding: Finding;
  parts?: Record<string, string>;
}

/** Findings of one unit (blob, log step) -> credentials to verify; companion findings are folded in. */
export function pairFindings(findings: Finding[]): Paired[] {
  const out: Paired[] = [];
  const nearest = (f: Finding, pred: (g: Finding) => boolean) =>
    findings.filter(pred).sort((a, b) => Math.abs(a.line - f.line) - Math.abs(b.line - f.line))[0];
  for (const f of findings) {
    if (isAwsKeyId(f)) {
      const sk = nearest(f, isAwsSecret);
      const st = nearest(f, isAwsSession);
      const parts: Record<string, string> = {};
      if (sk && secretOf(sk)) parts.secretAccessKey = secretOf(sk)!;
      if (st && secretOf(st)) parts.sessionToken = secretOf(st)!;
      out.push({ finding: f, ...(Object.keys(parts).length ? { parts } : {}) });
    } else out.push({ finding: f });
  }
  return out;
}

/** Companion-only findings (an AWS secret key) need no verify job of their own when paired. */
export function isCompanion(f: Finding, all: Finding[]): boolean {
  return (isAwsSecret(f) || isAwsSession(f)) && all.some(isAwsKeyId);
}
