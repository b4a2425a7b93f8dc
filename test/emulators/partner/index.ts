// An organisation's own credential registry speaking the GitHub secret-scanning partner protocol: checks the
// ECDSA P-256 signature over the raw body against the reporter's public key, revokes reported tokens it issued,
// and answers with label feedback (token_hash for ours, token_raw false_positive for unknown ones).
import { createHash, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { randomAlnum, startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

export interface PartnerEmulator extends Emulator {
  mint(owner?: string): Issued;
  /** The reporter's key pair: keyshift signs with the private half, the registry trusts the public half. */
  reporter: { keyId: string; privateKeyPem: string; publicKey: KeyObject };
  reports: { type: string; source: string; url: string }[];
}

export async function startPartner(tokenType = 'acme_api_token'): Promise<PartnerEmulator> {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const reporter = { keyId: 'keyshift-test-1', privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), publicKey };
  const reports: { type: string; source: string; url: string }[] = [];
  const em: Emulator = await startEmulator((req) => {
    if (req.method !== 'POST' || req.path !== '/secret-scanning/report') return { status: 404, body: { error: 'not found' } };
    const sig = req.headers['github-public-key-signature'] as string | undefined;
    if (req.headers['github-public-key-identifier'] !== reporter.keyId || !sig) return { status: 401, body: { error: 'unknown key' } };
    if (!verify('sha256', Buffer.from(req.body), reporter.publicKey, Buffer.from(sig, 'base64'))) return { status: 401, body: { error: 'bad signature' } };
    let list: { token?: string; type?: string; url?: string; source?: string }[];
    try {
      list = JSON.parse(req.body);
    } catch {
      return { status: 400, body: { error: 'bad json' } };
    }
    if (!Array.isArray(list)) return { status: 400, body: { error: 'expected a list' } };
    const labels = list.map((m) => {
      reports.push({ type: String(m.type), source: String(m.source), url: String(m.url) });
      const rec = em.registry.byToken.get(String(m.token));
      if (rec && m.type === tokenType) {
        if (rec.status === 'active') rec.revocations++;
        rec.status = 'revoked';
        return { token_hash: createHash('sha256').update(String(m.token)).digest('hex'), token_type: tokenType, label: 'true_positive' };
      }
      return { token_raw: m.token, token_type: m.type, label: 'false_positive' };
    });
    return { status: 200, body: labels };
  });
  return Object.assign(em, {
    reporter,
    reports,
    mint(owner = 'team-payments') {
      return em.registry.add(`acme_${randomAlnum(32)}`, owner);
    },
  });
}
