// Property tests: CI log archives. Random bytes, truncated and bit-flipped zips and odd entry names
// give a report (bad entries listed as problems) or one typed error; never a crash or a hang.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { scanLogArchive, stepName } from '../../src/sources/ci-logs.ts';
import { zip } from '../emulators/github/zip.ts';
import { RUNS, tolerant, tolerantAsync } from './fuzz.ts';

const engine = new Engine(loadCatalog(), { lazy: true });
const entry = fc.record({ name: fc.oneof(fc.constantFrom('0_build.txt', 'build/1_Set up job.txt', '../../etc/passwd', '/abs.txt', 'a/'), fc.string({ maxLength: 30 })), data: fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)) });
const archive = fc.tuple(fc.array(entry, { minLength: 1, maxLength: 4 }), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }), fc.option(fc.nat())).map(([files, flips, cut]) => {
  const z = Buffer.from(zip(files));
  for (const [at, v] of flips) z[at % z.length] = v;
  return cut === null ? z : z.subarray(0, cut % (z.length + 1));
});

describe('fuzz: log archives', () => {
  it('scanLogArchive: report or typed error for mutated, truncated and random zips', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(archive, fc.uint8Array({ maxLength: 500 }).map((a) => Buffer.from(a))), async (buf) => {
        const r = await tolerantAsync(() => scanLogArchive(buf, { engine }), 3000);
        if (!(r instanceof Error)) expect(r.stats.files + r.stats.skipped + r.problems.length).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: RUNS },
    );
  });

  it('stepName is total on any entry name', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (n) => void tolerant(() => stepName(n))), { numRuns: RUNS });
  });
});
