// The revoke stage: exactly once per fingerprint through the ledger; the finding's state follows,
// and push-to-revoke latency is observed for the first effective revocation.
import { PermanentError } from '../core/errors.ts';
import type { RevokeJob } from '../queue/schemas.ts';
import type { Pipeline } from './ports.ts';
import { credentialOf } from './verify.ts';

const DONE = new Set(['revoked', 'deactivated', 'reported', 'already-invalid']);

export async function runRevoke(p: Pipeline, job: RevokeJob): Promise<{ outcome: string; fresh: boolean }> {
  const { issuer, ctx, cred, stored } = await credentialOf(p, job);
  if (!issuer.revoke) throw new PermanentError(`issuer ${issuer.id} cannot revoke`);
  const { result, fresh } = await p.ledger.once(job.fingerprint, { issuer: issuer.id, redacted: stored?.redacted ?? '' }, () => issuer.revoke!(cred, ctx));
  if (result.outcome === 'failed') throw new PermanentError(`revocation failed: ${result.detail ?? 'no detail'}`);
  if (DONE.has(result.outcome)) await p.store.setState(job.fingerprint, 'revoked');
  if (fresh && (result.outcome === 'revoked' || result.outcome === 'deactivated')) {
    await p.metrics.inc('revocations');
    if (job.receivedAt) await p.metrics.observeLatency((Date.now() - job.receivedAt) / 1000);
  }
  p.log.info({ fingerprint: job.fingerprint.slice(0, 16), issuer: issuer.id, outcome: result.outcome, fresh }, 'revocation');
  return { outcome: result.outcome, fresh };
}
