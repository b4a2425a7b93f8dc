// Exactly-once revocation over the audit ledger, including a claimant that dies mid-call.
import { afterAll, describe, expect, it } from 'vitest';
import { RedisLedger } from '../../src/audit/redis-ledger.ts';
import { ExactlyOnceLedger } from '../../src/pipeline/ledger.ts';
import type { RevokeResult } from '../../src/issuers/types.ts';
import { dropPrefix, testPrefix, testRedis } from './helpers.ts';

const prefix = testPrefix();
const redis = testRedis();
const audit = new RedisLedger(redis, `${prefix}:audit`);
const meta = { issuer: 'aws', redacted: 'AKIA…(20)' };
afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('exactly-once revocation', () => {
  it('concurrent workers: one issuer call, one done record; later callers get the record', async () => {
    const ledger = new ExactlyOnceLedger(audit, redis, prefix, 5000);
    let calls = 0;
    const revoke = async (): Promise<RevokeResult> => {
      calls++;
      await new Promise((r) => setTimeout(r, 100));
      return { outcome: 'deactivated' };
    };
    const fp = 'a'.repeat(64);
    const results = await Promise.allSettled([1, 2, 3, 4].map(() => ledger.once(fp, meta, revoke)));
    expect(calls).toBe(1);
    expect(results.filter((r) => r.status === 'fulfilled' && r.value.fresh)).toHaveLength(1);
    // The others were told to retry (in progress elsewhere) and then see the record.
    const again = await ledger.once(fp, meta, revoke);
    expect(again).toEqual({ result: { outcome: 'deactivated', detail: undefined }, fresh: false });
    expect(calls).toBe(1);
    const log = (await redis.lrange(`${prefix}:audit:ledger`, 0, -1)).map((l) => JSON.parse(l) as { state: string; fingerprint: string });
    expect(log.filter((e) => e.fingerprint === fp).map((e) => e.state)).toEqual(['intent', 'done']);
  });

  it('a claimant that died after claiming: its lease lapses, the next attempt finishes the work once', async () => {
    const fp = 'b'.repeat(64);
    await audit.claim(fp, meta); // the dead worker's intent, with a lease that has expired
    const ledger = new ExactlyOnceLedger(audit, redis, prefix, 200);
    let calls = 0;
    const r = await ledger.once(fp, meta, async () => ({ outcome: (calls++, 'deactivated') }));
    expect(r.fresh).toBe(true);
    expect(calls).toBe(1);
    expect((await audit.revocation(fp))?.state).toBe('done');
    expect((await ledger.once(fp, meta, async () => ({ outcome: (calls++, 'deactivated') }))).fresh).toBe(false);
    expect(calls).toBe(1);
  });

  it('an issuer failure releases the claim for a retry', async () => {
    const fp = 'c'.repeat(64);
    const ledger = new ExactlyOnceLedger(audit, redis, prefix, 5000);
    await expect(ledger.once(fp, meta, async () => { throw new Error('503'); })).rejects.toThrow('503');
    const r = await ledger.once(fp, meta, async () => ({ outcome: 'deactivated' }));
    expect(r.fresh).toBe(true);
  });
});
