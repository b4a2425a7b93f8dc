// secret_scanning_alert: GitHub's own detection joins the findings store and is verified like ours.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { fingerprint } from '../../src/core/fingerprint.ts';
import { Queues } from '../../src/queue/queues.ts';
import { FindingStore } from '../../src/store/findings.ts';
import { PipelineMetrics } from '../../src/store/metrics.ts';
import { IssuerRegistry } from '../../src/issuers/index.ts';
import { unseal } from '../../src/queue/seal.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import type { GitHubPort, Pipeline } from '../../src/pipeline/ports.ts';
import { dropPrefix, testPrefix, testRedis } from './helpers.ts';

const prefix = testPrefix();
const redis = testRedis();
const queues = new Queues(redis, prefix);
// An AWS-format key id and secret (random, not issued anywhere).
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const keyId = 'AKIA' + Array.from(randomBytes(16), (b) => B32[b % 32]).join('');
beforeAll(() => {
  process.env.KEYSHIFT_SEAL_KEY = randomBytes(32).toString('base64url');
});
afterAll(async () => {
  await queues.close();
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

describe('secret scanning alerts', () => {
  it('records every location of the alert and queues a sealed verification', async () => {
    const github = {
      alert: async () => ({ secret: keyId, secretType: 'aws_access_key_id', locations: [{ path: 'infra/prod/main.tf', line: 12, commit: 'a'.repeat(40) }, { path: 'scripts/dev.sh', line: 2 }] }),
    } as unknown as GitHubPort;
    const p = {
      queues, store: new FindingStore(redis, prefix), metrics: new PipelineMetrics(redis, prefix), log: pino({ level: 'silent' }),
      github, engine: new Engine(loadCatalog()), issuers: new IssuerRegistry({}),
    } as unknown as Pipeline;
    const r = await runScan(p, { installationId: 1, repo: { id: 5, owner: 'acme', name: 'infra' }, kind: 'alert', alertNumber: 3 });
    expect(r.findings).toBe(2);
    const f = (await p.store.get(fingerprint(keyId)))!;
    expect(f.places.map((x) => x.path).sort()).toEqual(['infra/prod/main.tf', 'scripts/dev.sh']);
    expect(f).toMatchObject({ reused: true, envs: ['dev', 'prod'], issuer: 'aws' });
    const job = await queues.get('verify', 'aws').getJob(`v-${fingerprint(keyId)}`);
    expect(JSON.stringify(job!.data)).not.toContain(keyId);
    expect((await unseal(job!.data.sealed, job!.data.fingerprint)).secret).toBe(keyId);
  });
});
