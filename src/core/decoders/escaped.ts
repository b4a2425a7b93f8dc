// JSON/YAML string escapes (\" \\ \n \t \r \/ \uXXXX) undone, with a map back to the escaped offsets.
import { MappedWriter } from './mapped.ts';

const SIMPLE: Record<number, number> = { 34: 34, 39: 39, 92: 92, 47: 47, 110: 10, 116: 9, 114: 13, 98: 8, 102: 12 };

function hex4(buf: Buffer, at: number): number {
  let v = 0;
  for (let k = at; k < at + 4; k++) {
    const c = buf[k]!;
    const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

export function unescape(buf: Buffer, start: number, end: number, w = new MappedWriter()): MappedWriter {
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if (c === 92 && i + 1 < end) {
      const n = buf[i + 1]!;
      const simple = SIMPLE[n];
      if (simple !== undefined) {
        w.push(simple, i);
        i++;
        continue;
      }
      if (n === 117 && i + 5 < end) {
        const code = hex4(buf, i + 2);
        if (code >= 0) {
          for (const b of Buffer.from(String.fromCharCode(code), 'utf8')) w.push(b, i);
          i += 5;
          continue;
        }
      }
    }
    w.push(c, i);
  }
  return w;
}
