import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Worker, type Job } from 'bullmq';
import { randomBytes } from 'node:crypto';
import { Queues } from '../../src/queue/queues.ts';
import { ids } from '../../src/queue/ids.ts';
import { checkPrefix, parseStages, queueName } from '../../src/queue/names.ts';
import { seal, unseal } from '../../src/queue/seal.ts';
import { toBullError } from '../../src/queue/errors.ts';
import { PermanentError, TransientError } from '../../src/core/errors.ts';
import { fingerprint } from '../../src/core/fingerprint.ts';
import { dropPrefix, testPrefix, testRedis, until } from './helpers.ts';

const prefix = testPrefix();
const redis = testRedis();
const queues = new Queues(redis, prefix);
const repo = { id: 42, owner: 'acme', name: 'api' };
const workers: Worker[] = [];

beforeAll(() => {
  process.env.KEYSHIFT_SEAL_KEY = randomBytes(32).toString('base64url');
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('names and ids', () => {
  it('requires a single hash tag prefix', () => {
    expect(checkPrefix('{keyshift}')).toBe('{keyshift}');
    expect(() => checkPrefix('keyshift')).toThrow(/\{name\}/);
    expect(() => checkPrefix('{a}{b}')).toThrow();
  });
  it('gives each issuer its own verify and revoke queue', () => {
    expect(queueName('verify', 'aws')).toBe('verify-aws');
    expect(queueName('revoke', 'GitHub')).toBe('revoke-github');
    expect(queueName('scan', 'aws')).toBe('scan');
    expect(() => parseStages('scan,nope')).toThrow(/unknown queue "nope"/);
    expect(parseStages('scan, verify')).toEqual(['scan', 'verify']);
  });
  it('never produces ids with ":" or only digits', () => {
    const all = [ids.event('72d3162e-cc78-11e3-81ab-4c9367dc0958'), ids.event('123:456'), ids.scan(repo, 'abc1234'),
      ids.scanDedup(repo, 'refs/heads/main'), ids.revoke('ab'.repeat(32)), ids.remediate(1, ['b', 'a']), ids.scheduler(7)];
    for (const id of all) {
      expect(id).not.toMatch(/:/);
      expect(id).not.toMatch(/^\d+$/);
    }
    expect(ids.remediate(1, ['b', 'a'])).toBe(ids.remediate(1, ['a', 'b']));
  });
});

describe('queues on real Redis', () => {
  it('validates payloads and drops unknown fields (no stray secret reaches Redis)', async () => {
    await expect(queues.add('scan', { installationId: 1, repo, kind: 'push', headSha: 'not a sha' } as never)).rejects.toThrow();
    const job = await queues.add('scan', { installationId: 1, repo, kind: 'full', secret: 'AKIAIOSFODNN7EXAMPLE' } as never);
    const raw = await redis.hget(`${prefix}:scan:${job.id}`, 'data');
    expect(raw).not.toContain('AKIA');
    expect(JSON.parse(raw!)).toMatchObject({ kind: 'full' });
  });

  it('a redelivered webhook (same delivery id) is enqueued once', async () => {
    const data = { delivery: 'dlv-1', event: 'ping', receivedAt: Date.now() };
    const a = await queues.add('events', data, { jobId: ids.event('dlv-1') });
    const b = await queues.add('events', data, { jobId: ids.event('dlv-1') });
    expect(a.id).toBe(b.id);
    expect(await queues.get('events').getJobCountByTypes('waiting')).toBe(1);
  });

  it('a burst of pushes to one branch collapses to one active and one pending with the latest sha', async () => {
    const q = queues.get('scan');
    await q.obliterate({ force: true });
    const seen: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const w = new Worker('scan', async (job: Job) => {
      seen.push(job.data.headSha);
      if (seen.length === 1) await gate;
    }, { connection: redis, prefix, concurrency: 4 });
    workers.push(w);
    const dedup = { id: ids.scanDedup(repo, 'refs/heads/main'), keepLastIfActive: true };
    const push = (sha: string) => queues.add('scan', { installationId: 1, repo, kind: 'push', headSha: sha, ref: 'refs/heads/main' }, { deduplication: dedup });
    await push('a'.repeat(40));
    await until(async () => seen.length === 1);
    for (const c of 'bcdef') await push(c.repeat(40));
    release();
    await until(async () => seen.length >= 2 && (await q.getActiveCount()) === 0 && (await q.getWaitingCount()) === 0);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual(['a'.repeat(40), 'f'.repeat(40)]);
  });

  it('maps PermanentError to no retries and TransientError to retries with backoff', async () => {
    const q = queues.get('report');
    let permanent = 0;
    let transient = 0;
    const w = new Worker('report', async (job: Job) => {
      try {
        if (job.data.kind === 'full') { permanent++; throw new PermanentError('repository is gone'); }
        transient++;
        throw new TransientError('502 from api');
      } catch (err) {
        throw await toBullError(err);
      }
    }, { connection: redis, prefix });
    workers.push(w);
    const base = { installationId: 1, repo, headSha: 'a'.repeat(40), annotations: [], scanned: { blobs: 0, bytes: 0 } };
    const p = await queues.add('report', { ...base, kind: 'full' });
    const t = await queues.add('report', { ...base, kind: 'push' }, { attempts: 3, backoff: { type: 'exponential', delay: 20 } });
    await until(async () => (await q.getJob(p.id!))?.finishedOn && (await q.getJob(t.id!))?.finishedOn);
    expect(permanent).toBe(1);
    expect(transient).toBe(3);
    expect((await q.getJob(p.id!))!.failedReason).toBe('repository is gone');
  });

  it('an issuer Retry-After rate-limits the issuer queue and puts the job back without an attempt', async () => {
    const q = queues.get('verify', 'slack');
    const data = { fingerprint: 'f'.repeat(64), detector: 'slack-bot-token', issuer: 'slack', sealed: 'x'.repeat(40), lifetime: 'static', place: { repo: 'acme/api', path: 'a', source: 'git' } };
    let runs = 0;
    const w = new Worker(q.name, async () => {
      runs++;
      if (runs === 1) throw await toBullError(new TransientError('slack: HTTP 429', 300), q);
      return 'ok';
    }, { connection: redis, prefix, limiter: { max: 20, duration: 1000 } });
    workers.push(w);
    const t0 = Date.now();
    let completed = 0;
    w.on('completed', () => completed++);
    // attempts: 1 and it still completes: the rate-limited run did not use up the only attempt.
    await queues.add('verify', data, { issuer: 'slack', attempts: 1 });
    await until(async () => completed === 1);
    expect(runs).toBe(2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
  });

  it('scrubs token shapes out of failed reasons', async () => {
    const e = await toBullError(new Error('auth failed for https://x-access-token:ghs_abcdefghijklmnopqrstuvwxyz0123@h/r.git'));
    expect(e.message).not.toContain('ghs_abcdefghij');
  });
});

describe('sealing', () => {
  it('round-trips, binds the fingerprint and refuses another key', async () => {
    const value = 'AKIA' + 'Q'.repeat(16);
    const fp = fingerprint(value);
    const jwe = await seal({ secret: value, parts: { secretAccessKey: 'x'.repeat(40) } }, fp);
    expect(jwe).not.toContain(value);
    expect(await unseal(jwe, fp)).toEqual({ secret: value, parts: { secretAccessKey: 'x'.repeat(40) } });
    await expect(unseal(jwe, fingerprint('other'))).rejects.toThrow(/cannot be opened|does not match/);
    await expect(unseal(jwe, fp, new Uint8Array(32))).rejects.toThrow(/cannot be opened/);
  });
});
