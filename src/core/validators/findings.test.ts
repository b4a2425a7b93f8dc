// Catalog + engine + validators together: lifetimes, facts and the placeholder policy on real findings.
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { loadCatalog } from '../catalog.ts';
import { Engine } from '../engine.ts';
import { isPlaceholder } from '../placeholder.ts';
import { lifetimeOf } from '../lifetime.ts';
import { makeCrc32Base62 } from './crc32-base62.ts';
import { makeGitlabRoutable } from './gitlab-routable.ts';
import type { Finding } from '../types.ts';

const engine = new Engine(loadCatalog());
const scan = (data: string): Finding[] => engine.scan({ data, origin: { source: 'file', path: 't' } });
const only = (data: string, id: string) => scan(data).filter((f) => f.detector === id);
const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const rnd = (n: number, cs = B62) => Array.from(randomBytes(n), (b) => cs[b % cs.length]).join('');
const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('findings carry lifetime, validation and facts', () => {
  it('AWS: AKIA static, ASIA ephemeral, account id decoded; the pair inherits both', () => {
    const [akia] = only('aws_access_key_id = AKIASP2TPHJSQH3FJXYZ', 'aws-access-key-id');
    expect(akia).toMatchObject({ lifetime: 'static', validated: true, facts: { account: '171436882533', keyPrefix: 'AKIA' } });
    expect(only('AWS_ACCESS_KEY_ID=ASIAY34FZKBOKMUTVV7A', 'aws-access-key-id')[0]?.lifetime).toBe('ephemeral');
    const secret = rnd(40, B62 + '+/');
    const [pair] = only(`AWS_ACCESS_KEY_ID=ASIAVJ2E6QGR2WZILJFM\nAWS_SECRET_ACCESS_KEY=${secret}\n`, 'aws-credential-pair');
    expect(pair).toMatchObject({ lifetime: 'ephemeral', facts: { account: '364679954851' } });
  });

  it('GitHub: checksum decides; installation tokens are ephemeral; the stateless form is read as a JWT', () => {
    const ghs = makeCrc32Base62('ghs_', rnd(30));
    expect(only(`token: ${ghs}`, 'github-installation-token')[0]).toMatchObject({ validated: true, lifetime: 'ephemeral' });
    expect(only(`token: ${ghs.slice(0, -1)}${ghs.endsWith('A') ? 'B' : 'A'}`, 'github-installation-token')).toHaveLength(0);
    const now = Math.floor(Date.now() / 1000);
    const long = `ghs_42_${b64u({ alg: 'RS256' })}.${b64u({ iat: now, exp: now + 3600 })}.${rnd(40)}`;
    expect(only(`GITHUB_TOKEN=${long}`, 'github-installation-token-stateless')[0]).toMatchObject({ validated: true, lifetime: 'ephemeral', facts: { appId: '42' } });
  });

  it('GitLab: routable tokens are CRC-checked and decoded; legacy ones pass unvalidated', () => {
    const t = makeGitlabRoutable('glpat-', randomBytes(16), 'o:1\nu:2s');
    expect(only(`token: ${t}`, 'gitlab-pat')[0]).toMatchObject({ validated: true, facts: { routing_u: '100' } });
    expect(only(`token: glpat-${rnd(20)}`, 'gitlab-pat')[0]).toMatchObject({ validated: false });
  });

  it('JWT: lifetime from exp - iat', () => {
    const now = Math.floor(Date.now() / 1000);
    const short = `${b64u({ alg: 'HS256' })}.${b64u({ iat: now, exp: now + 600 })}.${rnd(43)}`;
    const long = `${b64u({ alg: 'HS256' })}.${b64u({ iat: now, exp: now + 86_400 * 365 })}.${rnd(43)}`;
    expect(only(short, 'jwt')[0]?.lifetime).toBe('ephemeral');
    expect(only(long, 'jwt')[0]?.lifetime).toBe('static');
    expect(lifetimeOf('jwt-claims', 'x', { ok: true, facts: {} })).toBe('static');
    expect(lifetimeOf('jwt-claims', 'x', { ok: true, facts: { exp: now + 3600 } })).toBe('ephemeral');
    expect(lifetimeOf('jwt-claims', 'x', { ok: true, facts: { exp: now - 60 } })).toBe('ephemeral');
    expect(lifetimeOf('jwt-claims', 'x', { ok: true, facts: { exp: now + 86_400 * 30 } })).toBe('static');
    expect(lifetimeOf('jwt-claims', 'x', { ok: false })).toBe('unknown');
    expect(lifetimeOf('aws-key-prefix', 'secretvalue', { ok: true, facts: { keyPrefix: 'ASIA' } })).toBe('ephemeral');
    expect(lifetimeOf('no-such-function', 'x')).toBe('unknown');
  });

  it('never reports documented examples or placeholders', () => {
    for (const text of [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'API_KEY = "YOUR_KEY_HERE"',
      'password = "changeme"',
      'token: "<token>"',
      'SLACK_TOKEN=xoxb-0000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx',
      'postgres://app:${DB_PASSWORD}@db:5432/app',
    ])
      expect(scan(text).map((f) => f.detector), text).toEqual([]);
  });

  it('placeholder policy: masks, templates and references, but not weak literals', () => {
    for (const v of ['YOUR_API_KEY', 'xxxx', '<token>', 'changeme', '${TOKEN}', '{{ secret }}', '$PASSWORD', '%PASSWORD%', '******', 'abc1234567890'])
      expect(isPlaceholder(v), v).toBe(true);
    for (const v of ['secret', 'hunter2', 'D1fficultP%40ssw0rd', rnd(40)]) expect(isPlaceholder(v), v).toBe(false);
  });
});
