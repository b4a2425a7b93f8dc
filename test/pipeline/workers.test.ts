// Bounded graceful shutdown, and log redaction.
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { Writable } from 'node:stream';
import { Queues } from '../../src/queue/queues.ts';
import { startWorkers } from '../../workers/main.ts';
import { loadPipelineConfig } from '../../src/pipeline/config.ts';
import type { Pipeline } from '../../src/pipeline/ports.ts';
import { createLogger, sanitize } from '../../src/log.ts';
import { dropPrefix, testPrefix, testRedis, until } from './helpers.ts';

const prefix = testPrefix();
const redis = testRedis();
const queues = new Queues(redis, prefix);
afterAll(async () => {
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('graceful shutdown', () => {
  it('close() waits for active jobs only up to its bound', async () => {
    const hang = new Promise<never>(() => {});
    // The events stage enqueues a scan; this pipeline's enqueue never returns (a stuck job).
    const stuck = { add: () => hang, get: (s: string) => queues.get(s as never), close: async () => {} };
    const p = { queues: stuck, log: pino({ level: 'silent' }) } as unknown as Pipeline;
    const c = { ...loadPipelineConfig(undefined, { KEYSHIFT_QUEUE_PREFIX: prefix }), prefix };
    const running = startWorkers(p, ['events'], c, redis);
    await queues.add('events', { delivery: 'x', event: 'push', receivedAt: Date.now(), installationId: 1, repo: { id: 1, owner: 'a', name: 'b' }, push: { ref: 'refs/heads/main', before: '0'.repeat(40), after: 'a'.repeat(40) } });
    await until(async () => (await queues.get('events').getActiveCount()) === 1);
    const t0 = Date.now();
    await running.close(500);
    const took = Date.now() - t0;
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(3000);
  });
});

describe('logs', () => {
  it('redacts token fields and masks token shapes in messages', () => {
    const lines: string[] = [];
    const sink = new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } });
    const logger = createLogger('t', 'info', sink);
    logger.info({ token: 'ghs_abcdefghijklmnopqrstuvwxyz0123456789', headers: { authorization: 'Bearer abc' }, note: 'key AKIAQQQQQQQQQQQQQQQQ in file' }, 'clone https://x-access-token:ghs_zzzzzzzzzzzzzzzzzzzzzzzz@github.com/a/b.git');
    const out = lines.join('');
    expect(out).not.toContain('ghs_abcdefghij');
    expect(out).not.toContain('ghs_zzzzzzzz');
    expect(out).not.toContain('AKIAQQQQQQQQQQQQQQQQ');
    expect(out).not.toContain('Bearer abc');
    expect(sanitize('password=hunter2 in https://user:pw@host/x')).not.toContain('user:pw@');
  });
});
