// Internal issuers over the GitHub secret-scanning partner protocol: signed report to the org's own registry,
// label feedback read back. The emulator checks the ECDSA P-256 signature over the raw body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { IssuerRegistry } from '../../src/issuers/index.ts';
import { startPartner, type PartnerEmulator } from '../emulators/partner/index.ts';
import { cred } from './helpers.ts';

let em: PartnerEmulator;
beforeAll(async () => {
  em = await startPartner('acme_api_token');
});
afterAll(async () => em?.close());

function registry(privateKey = em.reporter.privateKeyPem) {
  return new IssuerRegistry({ acme: { protocol: 'partner', url: `${em.url}/secret-scanning/report`, keyId: em.reporter.keyId, privateKey, type: 'acme_api_token' } }, { env: {} });
}

describe('partner-protocol issuer', () => {
  it('reports matches in one signed request and reads true/false positive labels', async () => {
    const reg = registry();
    const acme = reg.get('acme')!;
    const ours = em.mint('team-payments');
    const stranger = `acme_${'Z'.repeat(32)}`;
    const before = em.requests.length;
    const out = await acme.revokeMany!([cred(ours.token, 'acme'), cred(stranger, 'acme')], reg.context(acme));
    expect(em.requests.length - before).toBe(1);
    expect(out[0]).toMatchObject({ outcome: 'reported', detail: 'true_positive', httpStatus: 200 });
    expect(out[1]).toMatchObject({ outcome: 'not-ours', detail: 'false_positive' });
    expect(ours.status).toBe('revoked');
    expect(ours.revocations).toBe(1);
    expect(em.reports.slice(-2)).toEqual([
      { type: 'acme_api_token', source: 'content', url: '' },
      { type: 'acme_api_token', source: 'content', url: '' },
    ]);
  });

  it('a report signed with another key is refused by the registry', async () => {
    const other = generateKeyPairSync('ec', { namedCurve: 'prime256v1' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const reg = registry(other);
    const acme = reg.get('acme')!;
    const t = em.mint();
    const [r] = await acme.revokeMany!([cred(t.token, 'acme')], reg.context(acme));
    expect(r).toMatchObject({ outcome: 'failed', httpStatus: 401 });
    expect(t.status).toBe('active');
  });

  it('never verifies by sending the token: verify is report-only', async () => {
    const reg = registry();
    const before = em.requests.length;
    const v = await reg.get('acme')!.verify(cred(em.mint().token, 'acme'), reg.context(reg.get('acme')!));
    expect(v.status).toBe('unknown');
    expect(em.requests.length).toBe(before);
  });

  it('needs a configured URL and a P-256 key', async () => {
    expect(() => new IssuerRegistry({ acme: { protocol: 'partner' } }, { env: {} })).toThrow(/needs url/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const reg = registry(rsa);
    await expect(reg.get('acme')!.revoke!(cred('acme_x', 'acme'), reg.context(reg.get('acme')!))).rejects.toThrow(/P-256/);
  });
});
