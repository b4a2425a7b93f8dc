// Redis ledger for the pipeline: SET NX on {prefix}:revoke:<fingerprint> is the at-most-once gate; the value
// holds intent, then the result. Approvals in {prefix}:approval:<fingerprint>; history in a capped list.
import type { Redis } from 'ioredis';
import type { ClaimInfo, LedgerEntry, ResultInfo, RevocationLedger } from './ledger.ts';

export class RedisLedger implements RevocationLedger {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'keyshift',
  ) {}

  private k(kind: string, fp: string): string {
    return `${this.prefix}:${kind}:${fp}`;
  }

  private async log(e: LedgerEntry): Promise<void> {
    await this.redis.multi().rpush(`${this.prefix}:ledger`, JSON.stringify(e)).ltrim(`${this.prefix}:ledger`, -100_000, -1).exec();
  }

  async claim(fingerprint: string, info: ClaimInfo): Promise<boolean> {
    const e: LedgerEntry = { fingerprint, state: 'intent', at: new Date().toISOString(), ...info };
    const ok = await this.redis.set(this.k('revoke', fingerprint), JSON.stringify(e), 'NX');
    if (ok !== 'OK') return false;
    await this.log(e);
    return true;
  }

  async complete(fingerprint: string, r: ResultInfo): Promise<void> {
    const key = this.k('revoke', fingerprint);
    const prev = JSON.parse((await this.redis.get(key)) ?? '{}') as Partial<LedgerEntry>;
    const e: LedgerEntry = { ...prev, fingerprint, state: r.retryable ? 'retryable' : 'done', at: new Date().toISOString(), outcome: r.outcome, detail: r.detail, httpStatus: r.httpStatus };
    if (r.retryable) await this.redis.del(key); // released: a later attempt may claim again
    else await this.redis.set(key, JSON.stringify(e), 'XX');
    await this.log(e);
  }

  async revocation(fingerprint: string): Promise<LedgerEntry | undefined> {
    const v = await this.redis.get(this.k('revoke', fingerprint));
    return v ? (JSON.parse(v) as LedgerEntry) : undefined;
  }

  async hold(fingerprint: string, info: ClaimInfo): Promise<void> {
    const e: LedgerEntry = { fingerprint, state: 'held', at: new Date().toISOString(), ...info };
    if ((await this.redis.set(this.k('approval', fingerprint), JSON.stringify(e), 'NX')) === 'OK') await this.log(e);
  }

  async approve(fingerprint: string, by: string): Promise<void> {
    const e: LedgerEntry = { fingerprint, state: 'approved', at: new Date().toISOString(), by };
    await this.redis.set(this.k('approval', fingerprint), JSON.stringify(e));
    await this.log(e);
  }

  async approval(fingerprint: string): Promise<'held' | 'approved' | undefined> {
    const v = await this.redis.get(this.k('approval', fingerprint));
    return v ? (JSON.parse(v) as LedgerEntry).state as 'held' | 'approved' : undefined;
  }
}
