// Internal issuers over the GitHub secret-scanning partner protocol: POST a signed JSON list of matches to the
// organisation's OWN registry (configured URL only) and read its label feedback. No custom code per issuer.
import { createHash, createPrivateKey, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Credential, Issuer, IssuerContext, RevokeResult } from '../types.ts';
import { PermanentError, UsageError } from '../../core/errors.ts';

export interface PartnerMatch { token: string; type: string; url: string; source: string }
export interface Label { token_raw?: string; token_hash?: string; token_type?: string; label?: string }

export const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** The signing key: PEM in KEYSHIFT_ISSUER_<ID>_PRIVATE_KEY or a file named by privateKeyFile. */
function signingKey(ctx: IssuerContext, id: string) {
  const pem = ctx.setting('privateKey') ?? (ctx.setting('privateKeyFile') ? readFileSync(ctx.setting('privateKeyFile')!, 'utf8') : undefined);
  const keyId = ctx.setting('keyId');
  if (!pem || !keyId) throw new UsageError(`${id}: partner issuer needs keyId and privateKey/privateKeyFile`);
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') throw new PermanentError(`${id}: partner signing key must be ECDSA P-256`);
  return { key, keyId };
}

/** Body and headers exactly as GitHub sends them: ECDSA P-256 / SHA-256 over the raw body, DER, base64. */
export function signedReport(matches: PartnerMatch[], key: ReturnType<typeof createPrivateKey>, keyId: string) {
  const body = JSON.stringify(matches);
  const signature = sign('sha256', Buffer.from(body), key).toString('base64');
  return { body, headers: { 'content-type': 'application/json', 'github-public-key-identifier': keyId, 'github-public-key-signature': signature } };
}

function labelFor(c: Credential, labels: Label[]): string | undefined {
  const h = sha256hex(c.secret);
  return labels.find((l) => l.token_raw === c.secret || l.token_hash?.toLowerCase() === h)?.label;
}

export function partnerIssuer(id: string): Issuer {
  const self: Issuer = {
    id,
    defaultUrl: '', // none: an internal registry must be configured
    rate: { minIntervalMs: 50 },
    revocation: 'report',
    async verify() {
      // The protocol has no non-destructive check: a report is a revocation request, decided by policy.
      return { status: 'unknown', detail: 'report-only issuer (partner protocol)' };
    },
    canRevoke: () => true,
    async revoke(c, ctx) {
      return (await self.revokeMany!([c], ctx))[0]!;
    },
    async revokeMany(cs, ctx) {
      const { key, keyId } = signingKey(ctx, id);
      const type = ctx.setting('type') ?? `${id}_token`;
      const matches = cs.map((c) => ({ token: c.secret, type, url: '', source: c.finding.source === 'git' ? 'commit' : 'content' }));
      const { body, headers } = signedReport(matches, key, keyId);
      const res = await ctx.http.request('', { method: 'POST', headers, body, secrets: cs.map((c) => c.secret) });
      if (res.status < 200 || res.status >= 300) return cs.map(() => ({ outcome: 'failed', detail: `HTTP ${res.status}`, httpStatus: res.status }) as RevokeResult);
      let labels: Label[] = [];
      if (res.text.trim()) {
        const parsed = ctx.http.json<unknown>(res, cs.map((c) => c.secret));
        if (!Array.isArray(parsed)) throw new PermanentError(`${id}: malformed response (label feedback must be a JSON array)`);
        labels = parsed as Label[];
      }
      return cs.map((c): RevokeResult => {
        const label = labelFor(c, labels);
        if (label === 'false_positive') return { outcome: 'not-ours', detail: 'false_positive', httpStatus: res.status };
        return { outcome: 'reported', detail: label ?? 'accepted', httpStatus: res.status };
      });
    },
  };
  return self;
}
