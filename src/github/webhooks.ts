// Webhook signature check: HMAC-SHA256 of the raw body (X-Hub-Signature-256), constant time,
// via @octokit/webhooks-methods. Missing, malformed and oversized deliveries are refused.
import { verify } from '@octokit/webhooks-methods';

/** GitHub caps webhook payloads at 25 MB. */
export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024;

export type WebhookVerdict = { ok: true } | { ok: false; reason: 'missing-signature' | 'malformed-signature' | 'bad-signature' | 'too-large' | 'empty-body' | 'no-secret' };

/**
 * Verify a delivery. `secret` may be a list (current first, then previous ones while rotating).
 * The body must be the exact bytes received; a body that is not valid UTF-8 cannot match.
 */
export async function verifyWebhook(rawBody: Buffer | string, signatureHeader: string | string[] | undefined, secret: string | string[], maxBytes = MAX_WEBHOOK_BYTES): Promise<WebhookVerdict> {
  const size = typeof rawBody === 'string' ? Buffer.byteLength(rawBody) : rawBody.length;
  if (size > maxBytes) return { ok: false, reason: 'too-large' };
  if (size === 0) return { ok: false, reason: 'empty-body' };
  const sig = Array.isArray(signatureHeader) ? signatureHeader[0] : signatureHeader;
  if (!sig) return { ok: false, reason: 'missing-signature' };
  if (!/^sha256=[0-9a-f]{64}$/.test(sig)) return { ok: false, reason: 'malformed-signature' };
  const secrets = (Array.isArray(secret) ? secret : [secret]).filter((s) => s.length > 0);
  if (secrets.length === 0) return { ok: false, reason: 'no-secret' };
  const body = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
  for (const s of secrets) if (await verify(s, body, sig)) return { ok: true };
  return { ok: false, reason: 'bad-signature' };
}
