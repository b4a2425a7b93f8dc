// Exactly-once revocation across crashes, on top of the audit ledger (src/audit): the ledger's
// claim is the at-most-once gate and its intent/done records are the audit trail; a lease
// (SET NX PX) tells a live claimant from a dead one. When a worker dies between claim and result,
// its lease lapses and the next attempt repeats the issuer call, which is idempotent (AWS
// Inactive, GitHub /credentials/revoke), then records the result: one effect, one record.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { TransientError } from '../core/errors.ts';
import type { RevocationLedger } from '../audit/ledger.ts';
import type { RevokeResult } from '../issuers/types.ts';
import type { LedgerPort } from './ports.ts';

const RETRYABLE = new Set(['failed']);

export class ExactlyOnceLedger implements LedgerPort {
  constructor(
    private readonly ledger: RevocationLedger,
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly leaseMs = Number(process.env.KEYSHIFT_REVOKE_LEASE_MS) || 60_000,
  ) {}

  async once(fp: string, meta: { issuer: string; redacted: string }, revoke: () => Promise<RevokeResult>): Promise<{ result: RevokeResult; fresh: boolean }> {
    const recorded = await this.ledger.revocation(fp);
    if (recorded?.state === 'done') return { result: { outcome: recorded.outcome as RevokeResult['outcome'], detail: recorded.detail }, fresh: false };
    const lease = `${this.prefix}:store:lease:${fp}`;
    const me = randomUUID();
    if ((await this.redis.set(lease, me, 'PX', this.leaseMs, 'NX')) !== 'OK') throw new TransientError('revocation in progress in another worker');
    try {
      const claimed = await this.ledger.claim(fp, meta);
      if (!claimed) {
        const now = await this.ledger.revocation(fp);
        if (now?.state === 'done') return { result: { outcome: now.outcome as RevokeResult['outcome'], detail: now.detail }, fresh: false };
        // 'intent' with no live lease: the claimant died mid-call. We hold the lease now: finish its work.
      }
      let result: RevokeResult;
      try {
        result = await revoke();
      } catch (err) {
        await this.ledger.complete(fp, { outcome: 'failed', detail: 'issuer call failed; will retry', retryable: true });
        throw err;
      }
      await this.ledger.complete(fp, { outcome: result.outcome, detail: result.detail, httpStatus: result.httpStatus, retryable: RETRYABLE.has(result.outcome) });
      return { result, fresh: true };
    } finally {
      await this.redis.eval("if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0", 1, lease, me);
    }
  }
}
