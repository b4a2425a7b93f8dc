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

// One pass finds the encoded runs. Group 1: a delimited hex run, or one shaped like base64 of ASCII text
// (each 4-char group starts with A-Z or a-f); group 2: two %XX escapes close together.
const CANDIDATES = new RE2(
  "[\\s\"'=:,(>\\[\\x60]((?:[0-9a-fA-F]{2}){16,}|(?:[A-Za-f][A-Za-z0-9+/_-]{3}){5,}(?:[A-Za-f][A-Za-z0-9+/_-]{1,3}={0,2})?)(?:[\\s\"',;&)<\\]\\x60\\\\]|$)" +
    "|(%[0-9A-Fa-f]{2}[^\\s\"'<>\\x60]{0,64}%[0-9A-Fa-f]{2})",
  'g',
);

const URL_STOP = new Set([9, 10, 13, 32, 34, 39, 60, 62, 96]);

export interface Span {
  start: number;
  end: number;
}

/**
 * Encoded runs anywhere in buf, plus escaped lines (holding \" or \n) that overlap `near`: unescaping
 * cannot create a keyword, so only lines near one are worth it (default: the whole buffer).
 */
export function findDecoded(buf: Buffer, near: Span[] = [{ start: 0, end: buf.length }]): Decoded[] {
  const out: Decoded[] = [];
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
    }
  }
  const escaped = escapedLines(buf, near, budget);
  if (escaped) out.push(escaped);
  return out;
}

/** Lines within the spans holding \" or \n, unescaped and joined by newlines into one buffer to scan once. */
function escapedLines(buf: Buffer, near: Span[], budget: number): Decoded | undefined {
  const w = new MappedWriter();
  let first = -1;
  let last = 0;
  for (const span of near) {
    let i = Math.max(span.start, last);
    while (w.length < budget) {
      i = buf.indexOf(92, i);
      if (i < 0 || i >= span.end) break;
      const next = buf[i + 1];
      if (next !== 110 && next !== 34) {
        i += 2;
        continue;
      }
      const start = Math.max(buf.lastIndexOf(10, i) + 1, last);
      let end = buf.indexOf(10, i);
      if (end < 0) end = buf.length;
      i = end;
      last = end;
      if (end - start > MAX_LINE) continue;
      if (first < 0) first = start;
      if (w.length > 0) w.push(10, start);
      unescape(buf, start, end, w);
    }
    if (i < 0) break;
  }
  if (first < 0) return undefined;
  const { data, map } = w.finish(last);
  return { kind: 'escaped', data, start: first, end: last, map };
}
