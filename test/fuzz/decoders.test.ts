// Property tests: base64/hex/URL/escape decoders and the candidate finder are total, keep their
// offset maps inside the input, round-trip what they should, and stay linear on hostile runs.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeBase64 } from '../../src/core/decoders/base64.ts';
import { decodeHex } from '../../src/core/decoders/hex.ts';
import { decodeUrl } from '../../src/core/decoders/url.ts';
import { unescape } from '../../src/core/decoders/escaped.ts';
import { findDecoded } from '../../src/core/decoders/index.ts';
import { RUNS, tolerant } from './fuzz.ts';

const bytes = fc.uint8Array({ maxLength: 600 }).map((a) => Buffer.from(a));
const ALPHA = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_%\\"\'\n :'];
const encodedish = fc.array(fc.constantFrom(...ALPHA), { maxLength: 600 }).map((a) => a.join(''));
const text = fc.oneof(encodedish, fc.string({ unit: 'binary', maxLength: 300 }));

describe('fuzz: decoders', () => {
  it('decodeBase64 / decodeHex are total on any run; decodeHex inverts hex of text', () => {
    fc.assert(
      fc.property(encodedish, fc.string({ unit: 'grapheme-ascii', minLength: 16, maxLength: 80 }), (run, ascii) => {
        tolerant(() => decodeBase64(run));
        tolerant(() => decodeHex(run));
        const back = decodeHex(Buffer.from(ascii).toString('hex'));
        if (back) expect(back.toString()).toBe(ascii);
      }),
      { numRuns: RUNS },
    );
  });

  it('decodeUrl / unescape are total and map every output byte inside the input span', () => {
    fc.assert(
      fc.property(fc.oneof(bytes, text.map((t) => Buffer.from(t))), fc.nat(), fc.nat(), (buf, a, b) => {
        const start = buf.length ? a % buf.length : 0;
        const end = start + (buf.length - start ? b % (buf.length - start + 1) : 0);
        const u = tolerant(() => decodeUrl(buf, start, end));
        if (!(u instanceof Error)) {
          expect(u.data.length).toBeLessThanOrEqual(end - start);
          for (let i = 0; i < u.data.length; i++) expect(u.map[i]! >= start && u.map[i]! <= end).toBe(true);
        }
        tolerant(() => unescape(buf, start, end).finish(end));
      }),
      { numRuns: RUNS },
    );
  });

  it('findDecoded is total; spans lie inside the buffer', () => {
    fc.assert(
      fc.property(fc.oneof(bytes, text.map((t) => Buffer.from(t))), (buf) => {
        const out = tolerant(() => findDecoded(buf));
        if (Array.isArray(out)) for (const d of out) expect(d.start >= 0 && d.end <= buf.length && d.start <= d.end).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('findDecoded on 1 MB adversarial runs finishes within 3 s each', () => {
    const runs = [' ' + 'QUJD'.repeat(1 << 18), ' ' + 'ab'.repeat(1 << 19), '%41%4'.repeat(200_000), '\\"\\n'.repeat(1 << 18)];
    for (const r of runs) tolerant(() => findDecoded(Buffer.from(r)), 3000);
  });
});
