// Fake GitHub credentials in the real formats, with valid CRC32/base62 checksums.
import { randomBytes, randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { base62 } from '../../../src/core/validators/crc32-base62.ts';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export type TokenKind = 'ghp' | 'gho' | 'ghu' | 'ghs' | 'ghr' | 'github_pat';

function alnum(n: number): string {
  let s = '';
  const bytes = randomBytes(n * 2);
  for (let i = 0; s.length < n; i++) {
    const b = bytes[i % bytes.length]! ^ (i >= bytes.length ? randomInt(256) : 0);
    if (b < 248) s += B62[b % 62];
  }
  return s;
}

/** `ghp_` + 30 base62 + base62(crc32(body), 6) (40 chars); github_pat_ + 22 + '_' + 59. */
export function fakeToken(kind: TokenKind): string {
  if (kind === 'github_pat') return `github_pat_${alnum(22)}_${alnum(59)}`;
  const body = alnum(30);
  return `${kind}_${body}${base62(crc32(body), 6)}`;
}

export function kindOf(token: string): TokenKind | undefined {
  if (token.startsWith('github_pat_')) return 'github_pat';
  const m = /^(gh[pousr])_/.exec(token);
  return m ? (m[1] as TokenKind) : undefined;
}
