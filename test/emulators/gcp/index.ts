// Google Cloud emulator: OAuth token endpoint (JWT-bearer grant, RS256 checked against the key's public half)
// and IAM REST service-account keys: GET, :disable, DELETE, with an admin bearer token.
import { generateKeyPairSync, createVerify, randomBytes } from 'node:crypto';
import { startEmulator, type Emulator, type Issued } from '../_kit/server.ts';

export interface GcpEmulator extends Emulator {
  /** A service-account key; `token` is the JSON key file as Google issues it. */
  mint(opts?: { project?: string; name?: string }): Issued;
  adminToken: string;
}

const err = (code: number, status: string, message: string) => ({ status: code, body: { error: { code, message, status } } });

export async function startGcp(): Promise<GcpEmulator> {
  const adminToken = `ya29.admin-${randomBytes(12).toString('hex')}`;
  const em: Emulator = await startEmulator((req) => {
    if (req.path === '/token' && req.method === 'POST') {
      const form = new URLSearchParams(req.body);
      if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') return { status: 400, body: { error: 'unsupported_grant_type' } };
      const [h, p, s] = (form.get('assertion') ?? '').split('.');
      if (!h || !p || !s) return { status: 400, body: { error: 'invalid_request', error_description: 'bad assertion' } };
      let head: { kid?: string; alg?: string };
      let claims: { iss?: string; aud?: string; exp?: number };
      try {
        head = JSON.parse(Buffer.from(h, 'base64url').toString());
        claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      } catch {
        return { status: 400, body: { error: 'invalid_request' } };
      }
      const rec = head.kid ? em.registry.byId(head.kid) : undefined;
      const ok = rec && rec.extra.email === claims.iss && head.alg === 'RS256' && claims.aud === `${em.url}/token` && (claims.exp ?? 0) * 1000 > Date.now()
        && createVerify('RSA-SHA256').update(`${h}.${p}`).verify(String(rec.extra.publicKey), Buffer.from(s, 'base64url'));
      if (!ok || rec.status !== 'active') return { status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } };
      rec.lastUsedAt = new Date().toISOString();
      return { status: 200, body: { access_token: `ya29.${randomBytes(16).toString('hex')}`, expires_in: 3599, token_type: 'Bearer' } };
    }
    const m = /^\/v1\/projects\/-\/serviceAccounts\/([^/]+)\/keys\/([^/:]+)(:disable|:enable)?$/.exec(req.path);
    if (!m) return err(404, 'NOT_FOUND', 'not found');
    if (req.bearer !== adminToken) return err(401, 'UNAUTHENTICATED', 'Request had invalid authentication credentials.');
    const rec = em.registry.byId(decodeURIComponent(m[2]!));
    if (!rec || rec.extra.email !== decodeURIComponent(m[1]!) || rec.status === 'revoked') return err(404, 'NOT_FOUND', 'Service account key not found');
    if (req.method === 'GET' && !m[3]) {
      return { status: 200, body: { name: `projects/${rec.extra.project}/serviceAccounts/${rec.extra.email}/keys/${rec.id}`, validAfterTime: rec.createdAt, validBeforeTime: '9999-12-31T23:59:59Z', keyAlgorithm: 'KEY_ALG_RSA_2048', keyOrigin: 'GOOGLE_PROVIDED', keyType: 'USER_MANAGED', disabled: rec.status === 'inactive' } };
    }
    if (req.method === 'POST' && m[3] === ':disable') {
      if (rec.status === 'active') rec.revocations++;
      rec.status = 'inactive';
      rec.extra.disableReason = (JSON.parse(req.body || '{}') as { serviceAccountKeyDisableReason?: string }).serviceAccountKeyDisableReason;
      return { status: 200, body: {} };
    }
    if (req.method === 'DELETE' && !m[3]) {
      rec.revocations++;
      rec.status = 'revoked';
      return { status: 200, body: {} };
    }
    return err(400, 'INVALID_ARGUMENT', 'unsupported');
  });
  return Object.assign(em, {
    adminToken,
    mint(o: { project?: string; name?: string } = {}) {
      const project = o.project ?? 'acme-prod';
      const email = `${o.name ?? 'deployer'}@${project}.iam.gserviceaccount.com`;
      const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const id = randomBytes(20).toString('hex');
      const file = {
        type: 'service_account',
        project_id: project,
        private_key_id: id,
        private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        client_email: email,
        client_id: randomBytes(10).readBigUInt64BE().toString(),
        auth_uri: 'https://accounts.google.com/o/oauth2/auth',
        token_uri: 'https://attacker.invalid/token',
        universe_domain: 'googleapis.com',
      };
      return em.registry.add(JSON.stringify(file, null, 2), email, { id, extra: { email, project, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() } });
    },
  });
}
