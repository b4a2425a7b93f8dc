// Revocation ledgers: at most one claim per fingerprint (file lock / Redis SET NX), durable across instances,
// retryable failures release the claim, approvals recorded.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { FileLedger } from '../../src/audit/file-ledger.ts';
import { RedisLedger } from '../../src/audit/redis-ledger.ts';
import type { RevocationLedger } from '../../src/audit/ledger.ts';

const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
const prefix = `test-ledger-${process.pid}-${Date.now()}`;
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

const info = { issuer: 'github', redacted: 'ghp_…(40)' };

const kinds: [string, () => Promise<{ a: RevocationLedger; b: RevocationLedger }>][] = [
  ['file', async () => {
    const p = join(mkdtempSync(join(tmpdir(), 'ks-ledger-')), '.keyshift', 'ledger.jsonl');
    return { a: new FileLedger(p), b: new FileLedger(p) };
  }],
  ['redis', async () => {
    if (redis.status === 'wait') await redis.connect();
    return { a: new RedisLedger(redis, prefix), b: new RedisLedger(redis, prefix) };
  }],
];

describe.each(kinds)('%s ledger', (_name, make) => {
  it('grants exactly one of many concurrent claims, across instances', async () => {
    const { a, b } = await make();
    const fp = `fp-once-${Math.random()}`;
    const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim(fp, info)));
    expect(wins.filter(Boolean)).toHaveLength(1);
    await a.complete(fp, { outcome: 'revoked', httpStatus: 204 });
    expect(await b.claim(fp, info)).toBe(false);
    expect(await b.revocation(fp)).toMatchObject({ state: 'done', outcome: 'revoked', httpStatus: 204 });
  });

  it('an intent without a result stays claimed (in doubt, never retried automatically)', async () => {
    const { a, b } = await make();
    const fp = `fp-doubt-${Math.random()}`;
    expect(await a.claim(fp, info)).toBe(true);
    expect(await b.claim(fp, info)).toBe(false);
    expect((await b.revocation(fp))?.state).toBe('intent');
  });

  it('a retryable failure releases the claim', async () => {
    const { a, b } = await make();
    const fp = `fp-retry-${Math.random()}`;
    expect(await a.claim(fp, info)).toBe(true);
    await a.complete(fp, { outcome: 'failed', detail: 'github: unreachable', retryable: true });
    expect(await b.claim(fp, info)).toBe(true);
  });

  it('holds and approvals', async () => {
    const { a, b } = await make();
    const fp = `fp-hold-${Math.random()}`;
    expect(await a.approval(fp)).toBeUndefined();
    await a.hold(fp, info);
    expect(await b.approval(fp)).toBe('held');
    await b.approve(fp, 'alice');
    await a.hold(fp, info);
    expect(await a.approval(fp)).toBe('approved');
  });
});

it('file ledger records are one JSON object per line, without secret values', async () => {
  const p = join(mkdtempSync(join(tmpdir(), 'ks-ledger-')), 'l.jsonl');
  const l = new FileLedger(p);
  await l.claim('fpX', info);
  await l.complete('fpX', { outcome: 'reported', httpStatus: 202 });
  const lines = readFileSync(p, 'utf8').trim().split('\n').map((x) => JSON.parse(x));
  expect(lines.map((x) => x.state)).toEqual(['intent', 'done']);
  expect(Object.keys(lines[0]).sort()).toEqual(['at', 'fingerprint', 'issuer', 'redacted', 'state']);
});
