// Finds encoded runs in a buffer with RE2 and decodes the plausible ones, within a byte budget.
// base64 and hex map every decoded offset to the encoded span; url and escaped keep a per-byte map.
import RE2 from 're2';
import type { Decoded } from './types.ts';
import { decodeBase64 } from './base64.ts';
import { decodeHex } from './hex.ts';
import { decodeUrl } from './url.ts';
import { unescape } from './escaped.ts';
import { MappedWriter } from './mapped.ts';

export type { Decoded, Encoding } from './types.ts';

/** Runs longer than this are not decoded (data: URIs of images, bundled blobs). */
const MAX_RUN = 16 * 1024;
/** Decoded bytes per buffer, all kinds together. */
const BUDGET = 1024 * 1024;
/** Escaped lines longer than this are left alone (minified bundles). */
const MAX_LINE = 16 * 1024;

// One pass finds every candidate. Group 1: a delimited hex run, or one shaped like base64 of ASCII text
// (each 4-char group starts with A-Z or a-f); group 2: two %XX escapes close together; group 3: an escaped
// quote or newline (the whole line is then unescaped).
const CANDIDATES = new RE2(
  "[\\s\"'=:,(>\\[\\x60]((?:[0-9a-fA-F]{2}){16,}|(?:[A-Za-f][A-Za-z0-9+/_-]{3}){5,}(?:[A-Za-f][A-Za-z0-9+/_-]{1,3}={0,2})?)(?:[\\s\"',;&)<\\]\\x60\\\\]|$)" +
    "|(%[0-9A-Fa-f]{2}[^\\s\"'<>\\x60]{0,64}%[0-9A-Fa-f]{2})" +
    '|(\\\\[n"])',
  'g',
);

const URL_STOP = new Set([9, 10, 13, 32, 34, 39, 60, 62, 96]);

/** `keywordNear(start, end)`: whether a keyword occurs around that span; escaped lines without one are skipped. */
export function findDecoded(buf: Buffer, keywordNear: (start: number, end: number) => boolean = () => true): Decoded[] {
  const out: Decoded[] = [];
  const escaped = new MappedWriter();
  let escFirst = -1;
  let escLast = -1;
  let budget = BUDGET;
  CANDIDATES.lastIndex = 0;
  for (let m = CANDIDATES.exec(buf); m && budget > 0; m = CANDIDATES.exec(buf)) {
    const g = m as unknown as (Buffer | undefined)[];
    if (g[1]) {
      const start = m.index + 1;
      const end = start + g[1].length;
      CANDIDATES.lastIndex = end;
      if (g[1].length > MAX_RUN) continue;
      const text = g[1].toString('latin1');
      const hex = decodeHex(text);
      const data = hex ?? decodeBase64(text);
      if (!data) continue;
      budget -= data.length;
      out.push({ kind: hex ? 'hex' : 'base64', data, start, end });
    } else if (g[2]) {
      // Widen to the whole token holding the escapes.
      let start = m.index;
      while (start > 0 && !URL_STOP.has(buf[start - 1]!)) start--;
      let end = m.index + g[2].length;
      while (end < buf.length && !URL_STOP.has(buf[end]!)) end++;
      CANDIDATES.lastIndex = end;
      if (end - start > MAX_RUN) continue;
      const { data, map } = decodeUrl(buf, start, end);
      budget -= data.length;
      out.push({ kind: 'url', data, start, end, map });
    } else {
      const nl = buf.lastIndexOf(10, m.index);
      const start = Math.max(nl + 1, escLast);
      let end = buf.indexOf(10, m.index);
      if (end === -1) end = buf.length;
      CANDIDATES.lastIndex = end;
      if (end - start > MAX_LINE || !keywordNear(start, end)) continue;
      if (escFirst < 0) escFirst = start;
      if (escaped.length > 0) escaped.push(10, start);
      unescape(buf, start, end, escaped);
      budget -= end - start;
      escLast = end;
    }
  }
  if (escFirst >= 0) {
    const { data, map } = escaped.finish(escLast);
    out.push({ kind: 'escaped', data, start: escFirst, end: escLast, map });
  }
  return out;
}

