// Offline validators: generated vectors with valid checksums, one-character corruptions, and the
// AWS account-id vectors from the reference (revocation.md §A.7).
import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { crc32Base62, makeCrc32Base62 } from './crc32-base62.ts';
import { gitlabRoutable, makeGitlabRoutable, gitlabCrc } from './gitlab-routable.ts';
import { awsAccountOf, awsKeyId, awsPair } from './aws-account.ts';
import { jwt, githubStateless } from './jwt.ts';
import { openaiMarker, pypiMacaroon } from './markers.ts';
import { bech32, bech32Encode } from './bech32.ts';
import { validators } from './index.ts';
import { gitlabToken, grafanaLegacy, basicAuth, genericValue, githubToken, gcpServiceAccount } from './shapes.ts';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const body62 = (n: number) => Array.from(randomBytes(n), (b) => B62[b % 62]).join('');
const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === 'A' ? 'B' : 'A') + s.slice(i + 1);
const b64u = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('crc32-base62', () => {
  it('accepts generated GitHub and npm tokens and the documented vector', () => {
    for (const p of ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_']) {
      for (let i = 0; i < 50; i++) expect(crc32Base62(makeCrc32Base62(p, body62(30))).ok).toBe(true);
    }
    expect(crc32Base62('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').ok).toBe(true);
  });
  it('rejects any single-character change and wrong lengths', () => {
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 39 }), (i) => {
        const t = makeCrc32Base62('ghp_', body62(30));
        expect(crc32Base62(flip(t, i)).ok).toBe(false);
      }),
    );
    expect(crc32Base62('ghp_abc').ok).toBe(false);
  });
});

describe('gitlab-routable', () => {
  it('accepts generated v1 tokens and decodes their routing keys', () => {
    const t = makeGitlabRoutable('glpat-', randomBytes(16), `c:1\no:${(42).toString(36)}\nu:${(777).toString(36)}`);
    const v = gitlabRoutable(t);
    expect(v.ok).toBe(true);
    expect(v.facts).toMatchObject({ routable: true, version: 1, routing_o: '42', routing_u: '777', routing_c: '1' });
  });
  it('accepts the v0 layout (payload first, no version segment)', () => {
    const payload = Buffer.from('o:1\nu:2s');
    const b64 = Buffer.concat([payload, randomBytes(16), Buffer.from([16])]).toString('base64url');
    const head = `glpat-${b64}.${b64.length.toString(36).padStart(2, '0')}`;
    const v = gitlabRoutable(head + gitlabCrc(head));
    expect(v.ok).toBe(true);
    expect(v.facts).toMatchObject({ routing_o: '1', routing_u: '100' });
  });
  it('rejects corruption anywhere, including in the prefix', () => {
    const t = makeGitlabRoutable('glrt-', randomBytes(16), 'o:1');
    for (const i of [0, 5, 10, t.length - 12, t.length - 1]) expect(gitlabRoutable(flip(t, i)).ok).toBe(false);
    expect(gitlabRoutable('glpat-tFrjFXD7soVU2fqxuDMh').ok).toBe(false);
  });
});

describe('aws-account', () => {
  it('decodes the reference vectors', () => {
    expect(awsAccountOf('ASIAY34FZKBOKMUTVV7A')).toBe('609629065308');
    expect(awsAccountOf('ASIAVJ2E6QGR2WZILJFM')).toBe('364679954851');
    expect(awsAccountOf('AKIASP2TPHJSQH3FJXYZ')).toBe('171436882533');
  });
  it('never rejects old-style ids and records the prefix', () => {
    expect(awsAccountOf('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
    expect(awsKeyId('AKIAIOSFODNN7EXAMPLE')).toEqual({ ok: true, facts: { keyPrefix: 'AKIA' } });
    expect(awsKeyId('ASIAY34FZKBOKMUTVV7A').facts).toEqual({ keyPrefix: 'ASIA', account: '609629065308' });
    expect(awsKeyId('AKIA1234').ok).toBe(false);
  });
  it('pairs a secret key with the id captured beside it', () => {
    const secret = 'k'.repeat(20) + 'Q/+9'.repeat(5);
    expect(awsPair(secret, { keyid: 'AKIASP2TPHJSQH3FJXYZ' })?.facts).toMatchObject({ account: '171436882533' });
    expect(awsPair('short', {})?.ok).toBe(false);
    expect(awsPair(secret, { keyid: 'A3T0ABCDEFGHIJKLMNOP' })).toBeUndefined();
  });
});

describe('jwt', () => {
  const now = Math.floor(Date.now() / 1000);
  it('reports claims as facts', () => {
    const t = `${b64u({ alg: 'RS256', typ: 'JWT' })}.${b64u({ iss: 'https://issuer.test', aud: ['a', 'b'], iat: now, exp: now + 60 })}.sig`;
    const v = jwt(t);
    expect(v.ok).toBe(true);
    expect(v.facts).toMatchObject({ alg: 'RS256', iss: 'https://issuer.test', aud: 'a,b', expired: false, signed: true });
    expect(validators.jwt!(t, {})?.facts?.exp).toBe(now + 60);
  });
  it('rejects non-JSON parts and headers without an algorithm', () => {
    expect(jwt(`${b64u({ typ: 'x' })}.${b64u({ a: 1 })}.s`).ok).toBe(false);
    expect(jwt(`${b64u({ alg: 'HS256' })}.bm90IGpzb24.s`).ok).toBe(false);
    expect(jwt('abc').ok).toBe(false);
  });
  it('reads the stateless ghs_ form without a CRC check', () => {
    const t = `ghs_123456_${b64u({ alg: 'RS256' })}.${b64u({ iat: now, exp: now + 3600 })}.${body62(40)}`;
    expect(githubStateless(t)).toMatchObject({ ok: true, facts: { appId: '123456', expired: false } });
    expect(githubStateless('ghs_12_notajwt').ok).toBe(false);
  });
});

describe('markers', () => {
  it('openai: requires T3BlbkFJ and names the key kind', () => {
    expect(openaiMarker(`sk-proj-${body62(58)}T3BlbkFJ${body62(58)}`)).toEqual({ ok: true, facts: { kind: 'proj' } });
    expect(openaiMarker(`sk-${body62(20)}T3BlbkFJ${body62(20)}`)?.facts?.kind).toBe('legacy');
    expect(openaiMarker(`sk-${body62(48)}`)).toBeUndefined();
  });
  it('pypi: reads the macaroon location', () => {
    const mac = (loc: string) => 'pypi-' + Buffer.concat([Buffer.from([2, 1, loc.length]), Buffer.from(loc), randomBytes(40)]).toString('base64url');
    expect(pypiMacaroon(mac('pypi.org')).facts).toEqual({ index: 'pypi.org' });
    expect(pypiMacaroon(mac('test.pypi.org')).facts).toEqual({ index: 'test.pypi.org' });
    expect(pypiMacaroon(mac('evil.example')).ok).toBe(false);
  });
});

describe('bech32', () => {
  it('accepts generated age identities and rejects corrupted ones', () => {
    const data = Array.from(randomBytes(52), (b) => b & 31);
    const key = bech32Encode('age-secret-key-', data).toUpperCase();
    expect(bech32(key).ok).toBe(true);
    expect(bech32(key.slice(0, -1) + (key.endsWith('Q') ? 'P' : 'Q')).ok).toBe(false);
  });
});

describe('shapes', () => {
  it('gcp-service-account: PEM structure, key id as a fact', () => {
    const id = randomBytes(20).toString('hex');
    expect(gcpServiceAccount('-----BEGIN PRIVATE KEY-----\\nMII...', { keyid: id })).toEqual({ ok: true, facts: { keyId: id } });
    expect(gcpServiceAccount('<PRIVATE KEY>', {}).ok).toBe(false);
  });
  it('github-token: CRC on the 40-char forms only', () => {
    const t = makeCrc32Base62('ghr_', body62(30));
    expect(githubToken(t)?.ok).toBe(true);
    expect(githubToken(flip(t, 10))?.ok).toBe(false);
    expect(githubToken('ghr_' + body62(76))).toBeUndefined();
  });
  it('gitlab-token: legacy tokens pass unchecked, routable ones are CRC-checked', () => {
    expect(gitlabToken('glpat-' + body62(20))).toBeUndefined();
    const t = makeGitlabRoutable('glpat-', randomBytes(16), 'o:1');
    expect(gitlabToken(t)?.ok).toBe(true);
    expect(gitlabToken(flip(t, 8))?.ok).toBe(false);
  });
  it('grafana-legacy: needs the k and n fields', () => {
    const key = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64');
    expect(grafanaLegacy(key({ k: body62(32), n: 'ci', id: 1 })).ok).toBe(true);
    expect(grafanaLegacy(key({ k: body62(32), t: 'x', c: 5 })).ok).toBe(false);
  });
  it('basic-auth: base64 of user:password', () => {
    expect(basicAuth(Buffer.from('alice:' + body62(12)).toString('base64')).ok).toBe(true);
    expect(basicAuth(Buffer.from('nocolon').toString('base64')).ok).toBe(false);
    expect(basicAuth(Buffer.from('lv1.1234567890abcdef:x').toString('base64')).ok).toBe(false);
  });
  it('generic-value: rejects references and code, keeps literals unvalidated', () => {
    for (const v of ['$PASS', '#add-password', '/en/docs', 'arn:aws:iam::1:x', 'process.env.X', '${{ secrets.X }}', 'eyJhbGciOi'])
      expect(genericValue(v)?.ok).toBe(false);
    expect(genericValue('super$ecret')).toBeUndefined();
  });
});

describe('generic-value: names, types and property accesses', () => {
  it('rejects CONSTANT_NAMES, type annotations and a.b.c accesses', () => {
    for (const v of ['STRING_VALUE', 'AWS_SECRET_ACCESS_KEY', 'string', 'request.password', 'endpoint.url.password', 'decodeURIComponent(p.password)']) expect(genericValue(v)?.ok).toBe(false);
    for (const v of ['Pass123!@#', 'open_sesame', 'v1.2.3', 'hunter2!final']) expect(genericValue(v)).toBeUndefined();
  });
});
