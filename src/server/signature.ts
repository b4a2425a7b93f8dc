// X-Hub-Signature-256: HMAC-SHA256 of the raw body, hex, with a "sha256=" prefix, compared in
// constant time. Several secrets may be configured at once to rotate the webhook secret.
import { createHmac, timingSafeEqual } from 'node:crypto';

export function sign(secret: string, body: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function verifySignature(secrets: string[], body: Buffer, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const got = Buffer.from(header.slice(7), 'hex');
  let ok = false;
  for (const s of secrets) {
    const want = createHmac('sha256', s).update(body).digest();
    if (timingSafeEqual(got, want)) ok = true;
  }
  return ok;
}
