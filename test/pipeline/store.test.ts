import { afterAll, describe, expect, it } from 'vitest';
import { FindingStore } from '../../src/store/findings.ts';
import { envOf } from '../../src/store/env.ts';
import { dropPrefix, testPrefix, testRedis } from './helpers.ts';

const prefix = testPrefix();
const redis = testRedis();
const store = new FindingStore(redis, prefix);
afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
});

const base = { detector: 'aws-access-key', name: 'AWS key', issuer: 'aws', redacted: 'AKIA…(20)', lifetime: 'static', org: 'Acme' };

describe('environment from path', () => {
  it('names dev/test/staging/prod and takes the most specific word', () => {
    expect(envOf('config/production.env')).toBe('prod');
    expect(envOf('deploy/staging/values.yaml')).toBe('staging');
    expect(envOf('test/fixtures/key.txt')).toBe('test');
    expect(envOf('envs/dev/.env')).toBe('dev');
    expect(envOf('src/index.ts')).toBeUndefined();
    expect(envOf('prod/overrides/dev.yml')).toBe('dev');
  });
});

describe('reuse index', () => {
  it('one place is not reuse; the same place seen again is still one place', async () => {
    const fp = '1'.repeat(64);
    const a = await store.record({ ...base, fingerprint: fp, place: { repo: 'acme/api', path: 'src/a.ts', commit: 'c1', source: 'git' } });
    expect(a).toEqual({ places: 1, envs: [], reused: false });
    const b = await store.record({ ...base, fingerprint: fp, place: { repo: 'acme/api', path: 'src/a.ts', commit: 'c2', source: 'git' } });
    expect(b.reused).toBe(false);
    expect((await store.get(fp))!.places[0]!.commit).toBe('c1');
  });

  it('a second repository marks the credential reused', async () => {
    const fp = '2'.repeat(64);
    await store.record({ ...base, fingerprint: fp, place: { repo: 'acme/api', path: 'a.env', source: 'git' } });
    const r = await store.record({ ...base, fingerprint: fp, place: { repo: 'acme/web', path: 'a.env', source: 'git' } });
    expect(r).toMatchObject({ places: 2, reused: true });
  });

  it('a CI log step is its own place, and a step name can name the environment', async () => {
    const fp = '3'.repeat(64);
    await store.record({ ...base, fingerprint: fp, place: { repo: 'acme/api', path: 'config/dev.env', source: 'git' } });
    const r = await store.record({ ...base, fingerprint: fp, place: { repo: 'acme/api', path: '2_deploy.txt', runId: 9, step: 'deploy-prod', source: 'ci-log' } });
    expect(r).toEqual({ places: 2, envs: ['dev', 'prod'], reused: true });
  });

  it('lists an organisation with states, case-insensitively, and keeps no value', async () => {
    await store.setState('2'.repeat(64), 'revoked');
    const list = await store.list('acme');
    expect(list.map((f) => f.fingerprint).sort()).toEqual(['1', '2', '3'].map((c) => c.repeat(64)));
    expect(list.find((f) => f.fingerprint === '2'.repeat(64))!.state).toBe('revoked');
    expect(list.find((f) => f.fingerprint === '1'.repeat(64))!.state).toBe('open');
    expect(await store.orgs()).toEqual(['acme']);
    expect(await store.list('other')).toEqual([]);
  });

  it('remembers scanned heads per repository', async () => {
    await store.markScanned(5, 'a'.repeat(40));
    await store.markScanned(5, 'a'.repeat(40));
    expect(await store.scannedTips(5)).toEqual(['a'.repeat(40)]);
  });
});
