// Event routing and the one place that owns org-scan Job Schedulers, on real Redis.
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Queues } from '../../src/queue/queues.ts';
import { routeEvent } from '../../src/pipeline/events.ts';
import { ensureOrgScan, removeOrgScan } from '../../src/pipeline/schedulers.ts';
import type { Pipeline } from '../../src/pipeline/ports.ts';
import type { EventJob } from '../../src/queue/schemas.ts';
import { dropPrefix, testPrefix, testRedis } from './helpers.ts';

const prefix = testPrefix();
const redis = testRedis();
const queues = new Queues(redis, prefix);
const p = { queues, log: pino({ level: 'silent' }) } as unknown as Pipeline;
const repo = { id: 9, owner: 'acme', name: 'api', private: false };
const ev = (e: Partial<EventJob>): EventJob => ({ delivery: 'd1', event: 'push', receivedAt: Date.now(), installationId: 5, repo, ...e });

afterAll(async () => {
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('routing', () => {
  it('a push becomes a scan of before..after keyed by repo + head sha', async () => {
    const r = await routeEvent(p, ev({ push: { ref: 'refs/heads/main', before: 'a'.repeat(40), after: 'b'.repeat(40) } }));
    expect(r).toEqual({ stage: 'scan', id: `scan-9-${'b'.repeat(40)}` });
    const job = await queues.get('scan').getJob(`scan-9-${'b'.repeat(40)}`);
    expect(job?.data).toMatchObject({ kind: 'push', baseSha: 'a'.repeat(40), headSha: 'b'.repeat(40), installationId: 5 });
    expect(job?.opts.deduplication).toMatchObject({ keepLastIfActive: true });
  });

  it('ignores branch deletions and events without an installation', async () => {
    expect(await routeEvent(p, ev({ push: { ref: 'refs/heads/x', before: 'a'.repeat(40), after: '0'.repeat(40), deleted: true } }))).toEqual({ ignored: 'branch deletion' });
    expect(await routeEvent(p, ev({ installationId: undefined }))).toEqual({ ignored: 'no installation' });
  });

  it('workflow_run.completed becomes a log scan keyed by run and attempt', async () => {
    const r = await routeEvent(p, ev({ event: 'workflow_run', action: 'completed', run: { id: 77, attempt: 2, headSha: 'c'.repeat(40) } }));
    expect(r).toEqual({ stage: 'scan', id: 'logs-9-77-2' });
  });

  it('installation_repositories.added enumerates only the added repositories', async () => {
    const r = await routeEvent(p, ev({ event: 'installation_repositories', action: 'added', delivery: 'd9', repos: { added: [{ id: 3, owner: 'acme', name: 'new' }], removed: [] } }));
    expect(r).toEqual({ stage: 'enumerate', id: 'enum-5-d9' });
    expect((await queues.get('enumerate').getJob('enum-5-d9'))?.data).toEqual({ installationId: 5, trigger: 'repos-added', only: [3] });
  });
});

describe('org-scan Job Schedulers (created and removed from installation events only)', () => {
  it('installation.created upserts one scheduler (idempotent); deleted removes it', async () => {
    await routeEvent(p, ev({ event: 'installation', action: 'created', installationId: 42 }));
    await routeEvent(p, ev({ event: 'installation', action: 'new_permissions_accepted', installationId: 42 }));
    const q = queues.get('enumerate');
    const list = await q.getJobSchedulers();
    expect(list.filter((s) => s.key === 'org-scan-42')).toHaveLength(1);
    expect(list.find((s) => s.key === 'org-scan-42')).toMatchObject({ pattern: '0 3 * * *', tz: 'UTC', template: { data: { installationId: 42, trigger: 'schedule' } } });
    await routeEvent(p, ev({ event: 'installation', action: 'deleted', installationId: 42 }));
    expect((await q.getJobSchedulers()).some((s) => s.key === 'org-scan-42')).toBe(false);
  });

  it('a custom cron and explicit remove', async () => {
    await ensureOrgScan(queues, 43, '*/15 * * * *');
    expect((await queues.get('enumerate').getJobScheduler('org-scan-43'))?.pattern).toBe('*/15 * * * *');
    expect(await removeOrgScan(queues, 43)).toBe(true);
    expect(await removeOrgScan(queues, 43)).toBe(false);
  });
});
