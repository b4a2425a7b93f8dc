// Hex runs -> bytes, when they decode to text (a hex-encoded token, not a hash).
import { looksTextual } from './text.ts';

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
}

export function decodeHex(run: string): Buffer | undefined {
  if (run.length < 32 || run.length % 2 !== 0) return undefined;
  for (let i = 0; i < run.length; i++) if (!isHex(run.charCodeAt(i))) return undefined;
  const out = Buffer.from(run, 'hex');
  return looksTextual(out) ? out : undefined;
}
