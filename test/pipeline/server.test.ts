import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import pino from 'pino';
import { createApp } from '../../src/server/app.ts';
import { sign, verifySignature } from '../../src/server/signature.ts';
import { toEventJob } from '../../src/server/events.ts';
import { Queues } from '../../src/queue/queues.ts';
import { PipelineMetrics } from '../../src/store/metrics.ts';
import { dropPrefix, testPrefix, testRedis } from './helpers.ts';
import { example, pushPayload } from './webhooks.ts';

const prefix = testPrefix();
const redis = testRedis();
const queues = new Queues(redis, prefix);
const metrics = new PipelineMetrics(redis, prefix);
const SECRET = 'webhook-test-secret';
let server: Server;
let base: string;

beforeAll(async () => {
  const app = createApp({ queues, metrics, webhookSecrets: ['old-secret', SECRET], issuers: ['aws'], log: pino({ level: 'silent' }), bodyLimit: '64kb', board: { token: 'board-token' } });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.close();
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

function post(body: string, headers: Record<string, string>) {
  return fetch(`${base}/api/github/webhooks`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
}

const push = JSON.stringify(pushPayload({ installationId: 77, repoId: 1001, owner: 'acme', name: 'api', before: '0'.repeat(40), after: 'b'.repeat(40) }));

describe('signature', () => {
  it("matches GitHub's published test vector", () => {
    const body = Buffer.from('Hello, World!');
    expect(sign("It's a Secret to Everybody", body)).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17');
    expect(verifySignature(["It's a Secret to Everybody"], body, 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')).toBe(true);
    expect(verifySignature(['other'], body, 'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')).toBe(false);
    expect(verifySignature(["It's a Secret to Everybody"], body, 'sha1=abc')).toBe(false);
  });
});

describe('webhook receiver', () => {
  it('queues a signed push once per delivery id and answers 202', async () => {
    const h = { 'x-github-event': 'push', 'x-github-delivery': 'dlv-push-1', 'x-hub-signature-256': sign(SECRET, push) };
    const r1 = await post(push, h);
    const r2 = await post(push, h);
    expect([r1.status, r2.status]).toEqual([202, 202]);
    const job = await queues.get('events').getJob('d-dlv-push-1');
    expect(job?.data).toMatchObject({ event: 'push', installationId: 77, repo: { id: 1001, owner: 'acme', name: 'api' }, push: { after: 'b'.repeat(40) } });
    expect(await queues.get('events').getJobCountByTypes('waiting')).toBe(1);
    // Only the reduced payload is stored: no commit messages, no pusher e-mail.
    expect(JSON.stringify(job!.data)).not.toContain('pusher');
  });

  it('verifies over the raw bytes: a re-serialised body with the same JSON fails', async () => {
    const reformatted = JSON.stringify(JSON.parse(push), null, 1);
    const r = await post(reformatted, { 'x-github-event': 'push', 'x-github-delivery': 'dlv-2', 'x-hub-signature-256': sign(SECRET, push) });
    expect(r.status).toBe(401);
  });

  it('accepts a rotated secret, rejects missing headers, wrong type and oversized bodies', async () => {
    expect((await post(push, { 'x-github-event': 'push', 'x-github-delivery': 'dlv-3', 'x-hub-signature-256': sign('old-secret', push) })).status).toBe(202);
    expect((await post(push, { 'x-github-event': 'push', 'x-hub-signature-256': sign(SECRET, push) })).status).toBe(400);
    const text = await fetch(`${base}/api/github/webhooks`, { method: 'POST', body: push, headers: { 'content-type': 'text/plain', 'x-github-event': 'push', 'x-github-delivery': 'd', 'x-hub-signature-256': sign(SECRET, push) } });
    expect(text.status).toBe(415);
    const big = JSON.stringify({ pad: 'x'.repeat(100_000) });
    expect((await post(big, { 'x-github-event': 'push', 'x-github-delivery': 'dlv-big', 'x-hub-signature-256': sign(SECRET, big) })).status).toBe(413);
  });

  it('answers 200 without queueing events it does not handle', async () => {
    const body = JSON.stringify(example('pull_request', 'labeled'));
    const r = await post(body, { 'x-github-event': 'pull_request', 'x-github-delivery': 'dlv-label', 'x-hub-signature-256': sign(SECRET, body) });
    expect(r.status).toBe(200);
    expect(await queues.get('events').getJob('d-dlv-label')).toBeUndefined();
  });

  it('reduces every handled event kind from the published examples', () => {
    expect(toEventJob('pull_request', 'd', example('pull_request', 'synchronize'))?.pr?.headSha).toMatch(/^[0-9a-f]{40}$/);
    const run = toEventJob('workflow_run', 'd', example('workflow_run', 'completed'))!;
    expect(run.run).toMatchObject({ id: expect.any(Number), attempt: expect.any(Number) });
    expect(toEventJob('installation', 'd', example('installation', 'created'))?.installationId).toEqual(expect.any(Number));
    expect(toEventJob('installation_repositories', 'd', example('installation_repositories', 'added'))?.repos?.added.length).toBeGreaterThan(0);
    expect(toEventJob('workflow_run', 'd', example('workflow_run', 'requested'))).toBeUndefined();
    expect(toEventJob('secret_scanning_alert', 'd', { action: 'created', alert: { number: 3, secret_type: 'aws_access_key_id' }, installation: { id: 1 } })?.alert).toEqual({ number: 3, secretType: 'aws_access_key_id' });
  });
});

describe('operations endpoints', () => {
  it('/healthz pings Redis, /metrics shows queue depth and counters', async () => {
    expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ ok: true });
    const text = await (await fetch(`${base}/metrics`)).text();
    expect(text).toMatch(/keyshift_queue_jobs\{queue="events",state="waiting"\} 2/);
    expect(text).toMatch(/keyshift_webhooks_total 3/);
    expect(text).toContain('keyshift_push_to_revoke_seconds_bucket{le="5"}');
    expect(text).toContain('queue="verify-aws"');
  });

  it('the dashboard needs the bearer token', async () => {
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await fetch(`${base}/admin/queues`, { headers: { authorization: 'Bearer board-token' } })).status).toBe(200);
  });
});
