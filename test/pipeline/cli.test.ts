// `keyshift findings` and `keyshift org-scan` as a user runs them (real processes, real Redis).
import { afterAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { FindingStore } from '../../src/store/findings.ts';
import { Queues } from '../../src/queue/queues.ts';
import { dropPrefix, testPrefix, testRedis } from './helpers.ts';

const run = promisify(execFile);
const BIN = fileURLToPath(new URL('../../bin/keyshift.js', import.meta.url));
const prefix = testPrefix();
const redis = testRedis();
const env = { ...process.env, REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379', KEYSHIFT_QUEUE_PREFIX: prefix };
afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('keyshift findings / org-scan', () => {
  it('lists places, environments, reuse and state as JSON and text', async () => {
    const store = new FindingStore(redis, prefix);
    const s = { fingerprint: 'e'.repeat(64), detector: 'aws-access-key-id', name: 'AWS access key id', issuer: 'aws', redacted: 'AKIA…(20)', lifetime: 'static', org: 'acme' };
    await store.record({ ...s, place: { repo: 'acme/api', path: 'deploy/prod.env', line: 3, source: 'git', commit: 'a'.repeat(40) } });
    await store.record({ ...s, place: { repo: 'acme/web', path: 'config/dev.env', line: 1, source: 'git' } });
    await store.setState(s.fingerprint, 'revoked');
    const { stdout } = await run(process.execPath, [BIN, 'findings', '--org', 'acme', '--json'], { env });
    const list = JSON.parse(stdout) as { fingerprint: string; state: string; reused: boolean; envs: string[]; places: { repo: string }[] }[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: 'revoked', reused: true, envs: ['dev', 'prod'] });
    expect(list[0]!.places.map((p) => p.repo).sort()).toEqual(['acme/api', 'acme/web']);
    const text = (await run(process.execPath, [BIN, 'findings'], { env })).stdout;
    expect(text).toContain('acme: 1 finding(s)');
    expect(text).toMatch(/revoked\s+REUSED aws-access-key-id/);
    expect(text).toContain('acme/api:deploy/prod.env:3');
  }, 60_000);

  it('org-scan queues an enumerate job; a bad id is one line and exit 2', async () => {
    const { stdout } = await run(process.execPath, [BIN, 'org-scan', '--installation', '77'], { env });
    expect(stdout).toMatch(/^queued enum-77-manual-\d+/);
    const queues = new Queues(redis, prefix);
    expect((await queues.get('enumerate').getWaiting()).map((j) => j.data)).toContainEqual({ installationId: 77, trigger: 'manual' });
    await queues.close();
    const bad = await run(process.execPath, [BIN, 'org-scan', '--installation', 'x'], { env }).catch((e: { code: number; stderr: string }) => e);
    expect((bad as { code: number }).code).toBe(2);
    expect((bad as { stderr: string }).stderr.trim()).toBe('keyshift: invalid installation id: x');
  }, 60_000);
});
