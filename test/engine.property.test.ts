// Properties of the engine over the full catalog: no input makes it throw, and time grows linearly.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../src/core/engine.ts';
import { loadCatalog } from '../src/core/catalog.ts';
import { fakeGithub, fakePem, ACME_KEY } from './engine/fixtures.ts';

const catalog = loadCatalog();
const engine = new Engine(catalog, { fingerprintKey: 'prop' });
const origin = { source: 'file' as const, path: 'p' };
const keywords = [...new Set(catalog.flatMap((d) => d.keywords))];

// Pieces that make detectors and decoders actually run: keywords, assignment syntax, escapes, encodings.
const piece = fc.oneof(
  fc.constantFrom(...keywords),
  fc.constantFrom('=', ': ', '"', "'", '\\"', '\\n', '\n', '%3D', '%22', ' ', '-----BEGIN ', 'PRIVATE KEY-----', '://', '@', '\\u00'),
  fc.constantFrom(fakeGithub(1), ACME_KEY, fakePem(), Buffer.from(`token=${fakeGithub(2)}`).toString('base64')),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[A-Za-z0-9+/]{20,80}$/),
);
const text = fc.array(piece, { maxLength: 60 }).map((p) => p.join(''));

describe('engine properties', () => {
  it('never throws on random strings, including lone surrogates', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'binary', maxLength: 2000 }), fc.string({ unit: 'grapheme', maxLength: 500 })), (s) => {
        const fs = engine.scan({ data: s, origin });
        for (const f of fs) {
          expect(f.line).toBeGreaterThanOrEqual(1);
          expect(f.column).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('never throws on random bytes, as bytes, latin1 or utf8 text', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4000 }), (bytes) => {
        const b = Buffer.from(bytes);
        engine.scanBuffer(b, origin);
        engine.scan({ data: b.toString('latin1'), origin });
        engine.scan({ data: b.toString('utf8'), origin });
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on huge lines and long runs', () => {
    const mb = 1 << 20;
    for (const s of ['a'.repeat(mb), 'A1+/'.repeat(mb / 4), '%41'.repeat(mb / 3), '\\"'.repeat(mb / 2), `password=${'x'.repeat(mb)}`, '\n'.repeat(mb)]) {
      expect(() => engine.scan({ data: s, origin })).not.toThrow();
    }
  });
});

/** CPU time per byte of scanning `unit` repeated to `size` bytes (median of 3). */
function perByte(unit: string, size: number): number {
  const data = Buffer.from(unit.repeat(Math.ceil(size / unit.length)).slice(0, size));
  const runs: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = process.cpuUsage();
    engine.scanBuffer(data, origin);
    const t = process.cpuUsage(t0);
    runs.push((t.user + t.system) / size);
  }
  return runs.sort((a, b) => a - b)[1]!;
}

describe('linear time', () => {
  // Realistic and adversarial shapes: code with keywords and findings, one endless line, dense escapes.
  const shapes: Record<string, string> = {
    code: `const token = process.env.TOKEN; // user login password\nconfig.api_key = "${ACME_KEY}"; url = "https://a.example/x?q=%20%21"\nlog("{\\"msg\\":\\"ok\\"}") ${fakeGithub(3)}\n`,
    'one line': `var a=user+token+password+"${Buffer.from('x=1;y=2').toString('base64')}",b=secret_key;`,
    escapes: '{\\"a\\":\\"b\\\\n\\", \\"password\\": \\"hunter2hunter2\\"}\\n',
    findings: `ghp ${fakeGithub(4)} ${fakeGithub(5)}\n`,
  };
  for (const [name, unit] of Object.entries(shapes)) {
    it(`per-byte time stays flat from 64 KiB to 1 MiB: ${name}`, () => {
      const small = perByte(unit, 64 * 1024);
      const large = perByte(unit, 1024 * 1024);
      // Generous: a quadratic step would be 16x here; noise on a shared machine stays well under 4x.
      expect(large / small).toBeLessThan(4);
    });
  }
});
