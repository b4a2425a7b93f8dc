// GitHub (ghp_ gho_ ghu_ ghs_ ghr_) and npm (npm_) tokens: prefix + 30 base62 + base62(CRC32(body)) in 6 chars.
import { crc32 } from 'node:zlib';
import type { Validation } from '../types.ts';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function base62(n: number, width: number): string {
  let out = '';
  let v = n >>> 0;
  while (v > 0) {
    out = B62[v % 62] + out;
    v = Math.floor(v / 62);
  }
  return out.padStart(width, '0');
}

/** Checks the 40-char form only; anything else fails. */
export function crc32Base62(token: string): Validation {
  const body = token.slice(4, -6);
  const check = token.slice(-6);
  if (token.length !== 40 || !/^[A-Za-z0-9]{30}$/.test(body)) return { ok: false };
  return { ok: base62(crc32(body), 6) === check };
}

/** Builds a well-formed token (tests and fixtures only). */
export function makeCrc32Base62(prefix: string, body: string): string {
  return prefix + body + base62(crc32(body), 6);
}
