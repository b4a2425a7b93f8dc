// File source and scanTree: pieces with overlap, per-file cap, binaries, dot-directories, symlinks,
// unreadable files, and the worker pool giving the same report as an in-process scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/core/engine.ts';
import { scanTree } from '../src/core/scan.ts';
import { secretOf } from '../src/core/secret.ts';
import { scanFile } from '../src/sources/files.ts';
import { DETECTORS, fakeGithub, fakePem } from './engine/fixtures.ts';

const engine = new Engine(DETECTORS, { fingerprintKey: 'test' });
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyshift-files-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(rel: string, content: string | Buffer): string {
  const abs = join(dir, rel);
  mkdirSync(join(abs, '..'), { recursive: true });
  writeFileSync(abs, content);
  return abs;
}

describe('scanFile pieces', () => {
  const line = 'let value = compute(other, things) + 42; // filler\n';

  it('finds a secret straddling every possible piece boundary exactly once, at the right line', () => {
    const tok = fakeGithub(5);
    const pieceBytes = 4096;
    const overlap = 1024;
    // Move the token across the first boundary byte by byte.
    for (let shift = 0; shift < 120; shift += 7) {
      const before = line.repeat(60) + 'x'.repeat(shift) + '\n';
      const text = `${before}k=${tok}\n${line.repeat(200)}${fakePem()}\n${line.repeat(3)}`;
      const abs = file('piece.txt', text);
      const r = scanFile(engine, { path: 'piece.txt', abs, size: text.length }, { pieceBytes, overlap });
      expect(r.findings.map((f) => [f.detector, f.line])).toEqual([
        ['github-pat-classic', 62],
        ['private-key', 263],
      ]);
      expect(secretOf(r.findings[0]!)).toBe(tok);
    }
  });

  it('scans up to the cap and reports the file as truncated', () => {
    const tok = fakeGithub(6);
    const text = `a=${tok}\n${line.repeat(400)}b=${fakeGithub(7)}\n`;
    const abs = file('big.txt', text);
    const r = scanFile(engine, { path: 'big.txt', abs, size: text.length }, { maxBytes: 8192, pieceBytes: 4096, overlap: 1024 });
    expect(r.truncated).toBe(true);
    expect(r.bytes).toBe(8192);
    expect(r.findings.map((f) => secretOf(f))).toEqual([tok]);
  });

  it('reports a file it cannot open as a problem', () => {
    const r = scanFile(engine, { path: 'gone.txt', abs: join(dir, 'gone.txt'), size: 1 });
    expect(r.problem).toMatch(/ENOENT|no such file/i);
    expect(r.findings).toEqual([]);
  });

  it('skips binaries by NUL byte and by extension', () => {
    const abs = file('blob.dat2', Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(fakeGithub())]));
    expect(scanFile(engine, { path: 'blob.dat2', abs, size: 1 })).toMatchObject({ binary: true, findings: [] });
    const png = file('img.png', fakeGithub());
    expect(scanFile(engine, { path: 'img.png', abs: png, size: 1 })).toMatchObject({ binary: true });
  });
});

describe('scanTree', () => {
  let root: string;
  beforeAll(() => {
    root = join(dir, 'tree');
    mkdirSync(root);
    const put = (rel: string, content: string) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), content);
    };
    put('.env', `GH=${fakeGithub(10)}\n`);
    put('.cursor/mcp.json', `{"env":{"GITHUB_TOKEN":"${fakeGithub(11)}"}}`);
    put('.vscode/settings.json', `{"t":"${fakeGithub(12)}"}`);
    put('.github/workflows/ci.yml', `env:\n  T: ${fakeGithub(13)}\n`);
    put('node_modules/x/index.js', `t=${fakeGithub(14)}`);
    put('.git/config', `t=${fakeGithub(15)}`);
    for (let i = 0; i < 300; i++) put(`src/m${i}.ts`, i % 50 === 0 ? `export const t = "${fakeGithub(100 + i)}";\n` : `export const n = ${i};\n`);
    put('logo.png', fakeGithub(16));
    put('secret-locked.txt', `t=${fakeGithub(17)}`);
    chmodSync(join(root, 'secret-locked.txt'), 0);
    symlinkSync(join(dir, 'piece.txt'), join(root, 'link.txt'));
  });

  const expected = ['.cursor/mcp.json', '.env', '.github/workflows/ci.yml', '.vscode/settings.json', 'src/m0.ts', 'src/m100.ts', 'src/m150.ts', 'src/m200.ts', 'src/m250.ts', 'src/m50.ts'];

  it('in-process: dot-directories scanned, .git/node_modules/symlinks not, binaries and unreadable files counted', async () => {
    const r = await scanTree(root, { engine, workers: 0 });
    const asRoot = process.getuid?.() === 0; // root reads mode-000 files
    expect(r.findings.map((f) => f.path)).toEqual(asRoot ? [...expected, 'secret-locked.txt'].sort() : expected);
    expect(r.stats).toMatchObject({ binary: 1, skipped: 1, workers: 0 });
    if (!asRoot) expect(r.problems.map((p) => p.path)).toEqual(['secret-locked.txt']);
  });

  it('worker pool: same findings, secrets re-attached in this thread', async () => {
    const inproc = await scanTree(root, { engine, workers: 0 });
    const pooled = await scanTree(root, { engine, workers: 2, inProcessFiles: 10 });
    expect(pooled.stats.workers).toBe(2);
    expect(pooled.findings).toEqual(inproc.findings);
    expect(pooled.findings.map((f) => secretOf(f))).toEqual(inproc.findings.map((f) => secretOf(f)));
    expect(pooled.findings.every((f) => secretOf(f)?.startsWith('ghp_'))).toBe(true);
    expect({ ...pooled.stats, durationMs: 0, workers: 0 }).toEqual({ ...inproc.stats, durationMs: 0 });
  });

  it('a per-file text scanner runs in-process and in the workers alike', async () => {
    writeFileSync(join(root, 'src/m1.ts'), `export const t = "${fakeGithub(999)}"; // ok-here\n`);
    const text = { module: new URL('./engine/text-hook.ts', import.meta.url).href, factory: 'makeMarkerFilter', options: { marker: 'ok-here' } };
    const inproc = await scanTree(root, { engine, workers: 0, text });
    const pooled = await scanTree(root, { engine, workers: 2, inProcessFiles: 10, text });
    rmSync(join(root, 'src/m1.ts'));
    expect(inproc.stats.suppressed).toBe(1);
    expect(inproc.problems.map((p) => p.reason)).toContain('json seen');
    expect(pooled.findings).toEqual(inproc.findings);
    expect({ ...pooled.stats, durationMs: 0, workers: 0 }).toEqual({ ...inproc.stats, durationMs: 0 });
  });

  it('a worker that dies fails only its batches: they are reported as problems and the scan goes on', async () => {
    writeFileSync(join(root, 'src/crash.ts'), 'x\n');
    const text = { module: new URL('./engine/text-hook.ts', import.meta.url).href, factory: 'makeCrasher' };
    const r = await scanTree(root, { engine, workers: 2, inProcessFiles: 10, text });
    rmSync(join(root, 'src/crash.ts'));
    expect(r.problems.some((p) => p.path === 'src/crash.ts' && /worker/.test(p.reason))).toBe(true);
    const lost = new Set(r.problems.map((p) => p.path));
    // Every file is either scanned or listed as a problem; findings of the files scanned are all there.
    expect(r.stats.files + r.stats.skipped + lost.size).toBeGreaterThanOrEqual(300);
    expect(r.findings.map((f) => f.path).filter((p) => !lost.has(p)).length).toBeGreaterThan(0);
  });

  it('a missing root is one clear usage error', async () => {
    await expect(scanTree(join(dir, 'nope'), { engine })).rejects.toThrow(/^cannot scan .*nope: no such file or directory/);
  });

  it('small inputs never start the pool', async () => {
    const r = await scanTree(join(root, '.cursor'), { engine });
    expect(r.stats.workers).toBe(0);
    expect(r.findings).toHaveLength(1);
  });
});
