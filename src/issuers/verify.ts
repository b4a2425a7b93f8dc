// Verify and identify one credential. Never throws: anything that is not a clear answer is `unknown`.
import { describe, KeyshiftError } from '../core/errors.ts';
import { scrub } from '../core/redact.ts';
import type { Identity } from '../core/types.ts';
import type { Credential, Issuer, IssuerContext, VerifyResult } from './types.ts';

function secretsOf(c: Credential): string[] {
  return [c.secret, ...Object.values(c.parts ?? {})];
}

function reason(err: unknown, c: Credential): string {
  const msg = err instanceof KeyshiftError ? err.message : describe(err);
  return scrub(msg, secretsOf(c));
}

export async function verifyOne(issuer: Issuer, c: Credential, ctx: IssuerContext): Promise<VerifyResult> {
  let r: VerifyResult;
  try {
    r = await issuer.verify(c, ctx);
  } catch (err) {
    return { status: 'unknown', detail: reason(err, c) };
  }
  if (r.status !== 'live' || !issuer.identify) return r;
  try {
    const more: Identity = await issuer.identify(c, ctx);
    const merged: Identity = { ...r.identity };
    for (const [k, v] of Object.entries(more)) if (v !== undefined) merged[k] = v;
    return { ...r, identity: merged };
  } catch (err) {
    return { ...r, detail: `identify: ${reason(err, c)}` };
  }
}

export { secretsOf };
