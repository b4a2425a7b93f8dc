// Server-side AWS Signature Version 4 check for query-protocol POSTs (STS, IAM), as the SDK signs them.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { Req } from '../_kit/server.ts';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (k: Buffer | string, s: string) => createHmac('sha256', k).update(s, 'utf8').digest();

export interface SigParts { keyId: string; date: string; region: string; service: string; signedHeaders: string[]; signature: string }

export function parseAuth(h: string | undefined): SigParts | undefined {
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(h ?? '');
  return m ? { keyId: m[1]!, date: m[2]!, region: m[3]!, service: m[4]!, signedHeaders: m[5]!.split(';'), signature: m[6]! } : undefined;
}

export function verifySig(req: Req, p: SigParts, secret: string): boolean {
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(p.date)) return false;
  const headers = p.signedHeaders.map((n) => `${n}:${String(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const query = [...req.query.entries()].map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).sort().join('&');
  const payload = String(req.headers['x-amz-content-sha256'] ?? sha(req.body));
  const canonical = [req.method, req.path || '/', query, headers, p.signedHeaders.join(';'), payload].join('\n');
  const scope = `${p.date}/${p.region}/${p.service}/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha(canonical)].join('\n');
  let k = hmac(`AWS4${secret}`, p.date);
  for (const part of [p.region, p.service, 'aws4_request']) k = hmac(k, part);
  const sig = createHmac('sha256', k).update(toSign, 'utf8').digest();
  return timingSafeEqual(sig, Buffer.from(p.signature, 'hex'));
}
