// AWS access key ids: the account id is encoded in new-style ids (first char after the prefix >= 'Q').
import type { Validation } from '../types.ts';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** 12-digit account id, or undefined for old-style ids (which are never rejected). */
export function awsAccountOf(keyId: string): string | undefined {
  if (!/^[A-Z]{4}[A-Z2-7]{16}$/.test(keyId)) return undefined;
  const s = keyId.slice(4);
  if (B32.indexOf(s[0]!) < B32.indexOf('Q')) return undefined;
  let bits = 0n;
  for (const ch of s.slice(0, 10)) bits = (bits << 5n) | BigInt(B32.indexOf(ch));
  // 10 chars = 50 bits; keep the first 48 (6 bytes).
  const z = bits >> 2n;
  return ((z & 0x7fffffffff80n) >> 7n).toString().padStart(12, '0');
}

export function awsKeyId(keyId: string): Validation {
  if (!/^(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}$/.test(keyId)) return { ok: false };
  const account = awsAccountOf(keyId);
  const facts: Record<string, string> = { keyPrefix: keyId.slice(0, 4) };
  if (account) facts.account = account;
  return { ok: true, facts };
}

/** Secret key with its key id captured beside it (named group `keyid`). */
export function awsPair(secret: string, groups: Record<string, string>): Validation | undefined {
  if (!/^[A-Za-z0-9/+]{40}$/.test(secret)) return { ok: false };
  const id = groups.keyid;
  // Older or unusual id prefixes (A3T…) carry nothing to decode; the pair still stands.
  if (!id || !/^(?:AKIA|ASIA|ABIA|ACCA)/.test(id)) return undefined;
  return awsKeyId(id);
}
