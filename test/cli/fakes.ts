// Fake credentials in the right formats (valid checksums), generated fresh for each test run.
import { randomInt } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { base62 } from '../../src/core/validators/crc32-base62.ts';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function randomFrom(alphabet: string, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[randomInt(alphabet.length)];
  return s;
}

/** GitHub classic PAT: ghp_ + 30 base62 + base62(crc32(body), 6). */
export function fakeGhp(): string {
  const body = randomFrom(B62, 30);
  return `ghp_${body}${base62(crc32(body), 6)}`;
}

/** An unknown-format random literal (no known prefix). */
export function fakeRandom(n = 32): string {
  return `R${randomFrom(B62, n - 1)}`;
}

export function fakeAws(prefix: 'ASIA' | 'AKIA' = 'ASIA'): { id: string; secret: string; session: string } {
  return {
    id: `${prefix}${randomFrom(B32, 16)}`,
    secret: `S${randomFrom(B62, 39)}`,
    session: `IQoJb3JpZ2luX2Vj${randomFrom(B62 + '+', 300)}`,
  };
}

export interface Planted {
  ghp: string;
  rand: string;
  aws: ReturnType<typeof fakeAws>;
}

export function plant(template: string, p: Planted): string {
  return template
    .split('__GHP__').join(p.ghp)
    .split('__RAND__').join(p.rand)
    .split('__ASIA__').join(p.aws.id)
    .split('__AWS_SECRET__').join(p.aws.secret)
    .split('__AWS_SESSION__').join(p.aws.session);
}

export function fresh(): Planted {
  return { ghp: fakeGhp(), rand: fakeRandom(), aws: fakeAws() };
}
