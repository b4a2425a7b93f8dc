// The verify stage (one queue per issuer, rate-limited there): open the sealed value, ask its
// issuer, record the verdict, let policy decide, and queue the revocation when allowed.
import type { Finding } from '../core/types.ts';
import type { Credential, Issuer, IssuerContext } from '../issuers/types.ts';
import type { Exposure, PolicyInput } from '../policy/evaluate.ts';
import { PermanentError } from '../core/errors.ts';
import { unseal } from '../queue/seal.ts';
import { ids } from '../queue/ids.ts';
import type { RevokeJob, VerifyJob } from '../queue/schemas.ts';
import type { StoredFinding } from '../store/findings.ts';
import type { Pipeline } from './ports.ts';

export async function credentialOf(p: Pipeline, job: VerifyJob): Promise<{ issuer: Issuer; ctx: IssuerContext; cred: Credential; stored?: StoredFinding }> {
  const issuer = p.issuers.get(job.issuer);
  if (!issuer) throw new PermanentError(`no issuer "${job.issuer}"`);
  const { secret, parts } = await unseal(job.sealed, job.fingerprint);
  const stored = await p.store.get(job.fingerprint);
  const finding: Finding = {
    detector: job.detector, name: stored?.name ?? job.detector, issuer: issuer.id, path: job.place.path,
    line: job.place.line ?? 1, column: 1, endLine: job.place.line ?? 1, endColumn: 1, fingerprint: job.fingerprint,
    redacted: stored?.redacted ?? '', lifetime: (job.lifetime as Finding['lifetime']) ?? 'unknown', validated: true,
    source: job.place.source as Finding['source'], ...(job.place.commit ? { commit: job.place.commit } : {}),
  };
  return { issuer, ctx: p.issuers.context(issuer), cred: { finding, secret, ...(parts ? { parts } : {}) }, ...(stored ? { stored } : {}) };
}

function exposureOf(stored: StoredFinding | undefined): Exposure[] {
  const out = new Set<Exposure>();
  for (const pl of stored?.places ?? []) {
    if (pl.source === 'ci-log') out.add('ci-log');
    else out.add(pl.private === false ? 'public-repo' : 'private-repo');
  }
  return [...out];
}

export async function runVerify(p: Pipeline, job: VerifyJob): Promise<{ status: string; revoke: boolean; held: boolean }> {
  const { issuer, ctx, cred, stored } = await credentialOf(p, job);
  if (stored?.state === 'revoked') return { status: 'revoked', revoke: false, held: false };
  const v = await issuer.verify(cred, ctx);
  await p.store.setVerification(job.fingerprint, v.status);
  const reuse = await p.store.reuse(job.fingerprint);
  const revocable: PolicyInput['revocable'] = !issuer.revoke ? 'none' : issuer.id === 'partner' ? 'report' : issuer.canRevoke && !issuer.canRevoke(cred, ctx) ? 'manual' : 'api';
  const input: PolicyInput = {
    fingerprint: job.fingerprint, detector: job.detector, issuer: issuer.id, lifetime: job.lifetime, liveness: v.status,
    exposure: exposureOf(stored), places: reuse.places, reused: reuse.reused, revocable, validated: true,
  };
  const d = p.policy.decide(input);
  const log = { fingerprint: job.fingerprint.slice(0, 16), issuer: issuer.id, status: v.status, reused: reuse.reused, revoke: d.revoke, hold: d.hold };
  if (!d.revoke || d.hold || !p.revokeEnabled) {
    p.log.info({ ...log, dryRun: d.revoke && !d.hold && !p.revokeEnabled }, 'verified; not revoking');
    return { status: v.status, revoke: false, held: d.revoke && d.hold };
  }
  const rj: RevokeJob = { ...job, reason: (d.reasons.revoke ?? []).join(',') || 'policy' };
  await p.queues.add('revoke', rj, { issuer: issuer.id, jobId: ids.revoke(job.fingerprint) });
  p.log.info(log, 'verified; revocation queued');
  return { status: v.status, revoke: true, held: false };
}
