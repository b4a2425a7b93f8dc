// Percent-encoded runs -> bytes with a map back to the encoded offsets.
import { MappedWriter } from './mapped.ts';

function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

export function decodeUrl(buf: Buffer, start: number, end: number): { data: Buffer; map: Int32Array } {
  const w = new MappedWriter();
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 37 && i + 2 < end) {
      const hi = hexVal(buf[i + 1]!);
      const lo = hexVal(buf[i + 2]!);
      if (hi >= 0 && lo >= 0) {
        w.push(hi * 16 + lo, i);
        i += 2;
        continue;
      }
    }
    w.push(c === 43 ? 32 : c, i);
  }
  return w.finish(end);
}
