// The CI gate's decision: the Cedar policy's `fail-ci` action, evaluated once per credential
// (fingerprint) over every place it was seen in this scan.
import type { Finding } from '../core/types.ts';
import type { Policy, PolicyInput } from '../policy/evaluate.ts';
import { exposureOf } from '../policy/exposure.ts';

export interface CiDecision {
  fail: boolean;
  /** Findings that fail the build, with the policy ids that decided it. */
  failing: Map<Finding, string>;
}

export function decide(findings: Finding[], policy: Policy, place: PolicyInput['exposure'][number] & ('public-repo' | 'private-repo' | 'local') = 'private-repo'): CiDecision {
  const byFp = new Map<string, Finding[]>();
  for (const f of findings) byFp.set(f.fingerprint, [...(byFp.get(f.fingerprint) ?? []), f]);
  const failing = new Map<Finding, string>();
  for (const [fingerprint, fs] of byFp) {
    const lead = fs.find((f) => f.issuer) ?? fs[0]!;
    const d = policy.decide({
      fingerprint,
      detector: lead.detector,
      issuer: lead.issuer ?? '',
      lifetime: fs.some((f) => f.lifetime === 'static') ? 'static' : lead.lifetime,
      liveness: fs.find((f) => f.verification)?.verification?.status ?? 'unchecked',
      exposure: exposureOf(fs, place),
      places: new Set(fs.map((f) => `${f.source}:${f.path}:${f.commit ?? ''}:${f.line}`)).size,
      reused: new Set(fs.map((f) => f.path)).size > 1,
      revocable: 'none',
      validated: fs.some((f) => f.validated),
    });
    if (d.failCi) for (const f of fs) failing.set(f, (d.reasons['fail-ci'] ?? []).join(', '));
  }
  return { fail: failing.size > 0, failing };
}
