// Sealing secret values that must cross a queue (scan -> verify -> revoke): compact JWE with a
// direct 256-bit key (A256GCM) from KEYSHIFT_SEAL_KEY. The fingerprint travels in the protected
// header and is checked after opening, so a sealed value cannot be swapped between jobs.
import { CompactEncrypt, compactDecrypt, base64url } from 'jose';
import { fingerprint } from '../core/fingerprint.ts';
import { PermanentError, UsageError } from '../core/errors.ts';

let cached: { raw: string; key: Uint8Array } | undefined;

export function sealKey(raw = process.env.KEYSHIFT_SEAL_KEY): Uint8Array {
  if (!raw) throw new UsageError('KEYSHIFT_SEAL_KEY is not set (32 random bytes, base64url: `openssl rand -base64 32 | tr "+/" "-_" | tr -d =`)');
  if (cached?.raw === raw) return cached.key;
  let key: Uint8Array;
  try {
    key = base64url.decode(raw.replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
  } catch {
    throw new UsageError('KEYSHIFT_SEAL_KEY is not base64');
  }
  if (key.length !== 32) throw new UsageError(`KEYSHIFT_SEAL_KEY must decode to 32 bytes, got ${key.length}`);
  cached = { raw, key };
  return key;
}

export interface SealedCredential {
  secret: string;
  /** Companion values (AWS secret access key next to its key id). */
  parts?: Record<string, string>;
}

export async function seal(c: SealedCredential, fp: string, key = sealKey()): Promise<string> {
  return new CompactEncrypt(new TextEncoder().encode(JSON.stringify(c))).setProtectedHeader({ alg: 'dir', enc: 'A256GCM', kid: fp.slice(0, 16) }).encrypt(key);
}

export async function unseal(jwe: string, fp: string, key = sealKey()): Promise<SealedCredential> {
  let value: SealedCredential;
  try {
    const { plaintext, protectedHeader } = await compactDecrypt(jwe, key);
    if (protectedHeader.kid !== fp.slice(0, 16)) throw new Error('kid');
    value = JSON.parse(new TextDecoder().decode(plaintext)) as SealedCredential;
  } catch {
    throw new PermanentError('sealed value cannot be opened with this KEYSHIFT_SEAL_KEY');
  }
  if (typeof value?.secret !== 'string' || fingerprint(value.secret) !== fp) throw new PermanentError('sealed value does not match its fingerprint');
  return value;
}
