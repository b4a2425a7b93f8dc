import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { scanLogArchive, stepName } from '../../src/sources/ci-logs.ts';
import { fakeGhp } from '../cli/fakes.ts';
import { makeZip } from './zip.ts';

const engine = new Engine(loadCatalog());
const ts = '2026-11-23T10:00:00.0000000Z';

describe('CI log archives (GitHub Actions run-log zip)', () => {
  it('names the step of each finding and keeps one finding per secret per job', async () => {
    const a = fakeGhp();
    const b = fakeGhp();
    const zip = makeZip([
      { name: '0_build.txt', data: `${ts} ##[group]Run tests\n${ts} export TOKEN=${a}\n${ts} deploy with ${b}\n` },
      { name: 'build/1_Set up job.txt', data: `${ts} Current runner version: '2.320.0'\n` },
      { name: 'build/3_Run tests.txt', data: `${ts} ##[group]Run tests\n${ts} export TOKEN=${a}\n` },
      { name: 'build/4_Deploy.txt', data: `${ts} deploy with ${b}\n` },
    ]);
    const r = await scanLogArchive(zip, { engine });
    const got = r.findings.map((f) => [f.step, f.path, f.line, f.source]).sort();
    expect(got).toEqual([
      ['build/Deploy', 'build/4_Deploy.txt', 1, 'ci-log'],
      ['build/Run tests', 'build/3_Run tests.txt', 2, 'ci-log'],
    ]);
    expect(r.stats.files).toBe(4);
    expect(JSON.stringify(r).includes(a) || JSON.stringify(r).includes(b)).toBe(false);
  });

  it('skips a zip bomb entry by compression ratio and still scans the rest', async () => {
    const a = fakeGhp();
    const zip = makeZip([
      { name: 'bomb/1_zeros.txt', data: Buffer.alloc(8 << 20, 0x61) },
      { name: 'job/2_step.txt', data: `${ts} token ${a}\n` },
    ]);
    const r = await scanLogArchive(zip, { engine });
    expect(r.findings.map((f) => f.step)).toEqual(['job/step']);
    expect(r.problems).toEqual([{ path: 'bomb/1_zeros.txt', reason: expect.stringMatching(/compression ratio \d+ is over 200/) }]);
    expect(r.stats.skipped).toBe(1);
  });

  it('skips entries over the size cap and archives over the total cap', async () => {
    const zip = makeZip([
      { name: 'a/1_x.txt', data: 'x'.repeat(5000) },
      { name: 'a/2_y.txt', data: 'y'.repeat(5000) },
    ]);
    const r1 = await scanLogArchive(zip, { engine, caps: { maxEntryBytes: 4000 } });
    expect(r1.problems.map((p) => p.reason)).toEqual([expect.stringMatching(/entry cap/), expect.stringMatching(/entry cap/)]);
    const r2 = await scanLogArchive(zip, { engine, caps: { maxTotalBytes: 7000 } });
    expect(r2.stats.files).toBe(1);
    expect(r2.problems[0]?.reason).toMatch(/archive total/);
  });

  it('a corrupt or missing archive is one clear error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-zip-'));
    writeFileSync(join(dir, 'bad.zip'), 'PK\x03\x04 not really a zip');
    await expect(scanLogArchive(join(dir, 'bad.zip'), { engine })).rejects.toThrow(/not a readable zip archive/);
    await expect(scanLogArchive(join(dir, 'none.zip'), { engine })).rejects.toThrow(/no such file/);
  });

  it('parses step names', () => {
    expect(stepName('build/3_Run tests.txt')).toEqual({ job: 'build', step: 'Run tests' });
    expect(stepName('1_build (ubuntu, 20).txt')).toEqual({ job: 'build (ubuntu, 20)' });
  });
});
