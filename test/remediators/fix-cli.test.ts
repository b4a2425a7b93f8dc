// `keyshift fix` end to end on a copy of fixture trees, through the real binary.
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { applyChangeSet } from '../../src/remediators/apply.ts';
import { confine } from '../../src/remediators/confine.ts';
import type { ChangeSet } from '../../src/remediators/types.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'keyshift.js');
const FIX = join(import.meta.dirname, '..', 'fixtures', 'remediation');
const SECRETS = ['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', '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', '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'];

function tree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyshift-fix-'));
  cpSync(join(FIX, 'github-pat-actions/release-and-cross-repo/before'), dir, { recursive: true });
  cpSync(join(FIX, 'mcp-config/cursor/before'), dir, { recursive: true });
  cpSync(join(FIX, 'mcp-config/claude-desktop/before'), dir, { recursive: true });
  return dir;
}

async function keyshift(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
}

describe('keyshift fix', () => {
  it('--dry-run prints a unified diff, redacted, and changes nothing', async () => {
    const dir = tree();
    try {
      const before = readFileSync(join(dir, '.cursor/mcp.json'), 'utf8');
      const r = await keyshift(['fix', dir, '--dry-run']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('--- a/.cursor/mcp.json\n+++ b/.cursor/mcp.json\n');
      expect(r.stdout).toContain('+        "GITHUB_PERSONAL_ACCESS_TOKEN": "${env:GITHUB_PERSONAL_ACCESS_TOKEN}"');
      expect(r.stdout).toContain('--- /dev/null\n+++ b/claude/mcp-github.sh');
      for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
      expect(readFileSync(join(dir, '.cursor/mcp.json'), 'utf8')).toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('applies the plans, says what a human must do, and a second run finds nothing', async () => {
    const dir = tree();
    try {
      const r = await keyshift(['fix', dir]);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/modified +\.github\/workflows\/release\.yml/);
      expect(r.stdout).toMatch(/created +claude\/mcp-github\.sh/);
      expect(r.stdout).toContain('Still to do by a human:');
      for (const s of SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
      expect(readFileSync(join(dir, '.github/workflows/release.yml'), 'utf8')).toBe(readFileSync(join(FIX, 'github-pat-actions/release-and-cross-repo/after/.github/workflows/release.yml'), 'utf8'));
      expect(statSync(join(dir, 'claude/mcp-github.sh')).mode & 0o111).not.toBe(0);
      const again = await keyshift(['fix', dir]);
      expect(again.code).toBe(0);
      expect(again.stdout).toContain('no findings: nothing to fix');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('bad input: one line on stderr, exit 2', async () => {
    const r = await keyshift(['fix', '/nonexistent/keyshift']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe('paths stay inside the tree', () => {
  const root = '/tmp/keyshift-root';
  it.each(['../escape', 'a/../../escape', '/etc/passwd', '.git/config', 'a\0b', '', 'a\\..\\b'])('rejects %j', (p) => {
    expect(() => confine(root, p)).toThrow(/outside the tree|inside \.git/);
  });
  it('accepts nested paths', () => {
    expect(confine(root, '.github/workflows/x.yml')).toBe('/tmp/keyshift-root/.github/workflows/x.yml');
  });
  it('refuses to write through a symlink or a symlinked directory that leaves the tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyshift-link-'));
    const outside = mkdtempSync(join(tmpdir(), 'keyshift-outside-'));
    try {
      symlinkSync(join(outside, 'target'), join(dir, '.gitignore'));
      symlinkSync(outside, join(dir, 'docs'));
      const set = (path: string): ChangeSet => ({ id: 'x', remediators: ['t'], title: 't', fingerprints: [], body: { found: [], revoked: [], changed: [], todo: [] }, files: [{ path, content: 'x\n' }] });
      await expect(applyChangeSet(dir, set('.gitignore'))).rejects.toThrow(/symlink/);
      await expect(applyChangeSet(dir, set('docs/new/.env.example'))).rejects.toThrow(/outside the tree/);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('a change set with one escaping path writes nothing at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyshift-confine-'));
    try {
      const set: ChangeSet = {
        id: 'x', remediators: ['t'], title: 't', fingerprints: [],
        body: { found: [], revoked: [], changed: [], todo: [] },
        files: [{ path: 'ok.txt', content: 'fine\n' }, { path: '../keyshift-escaped.txt', content: 'bad\n' }],
      };
      await expect(applyChangeSet(dir, set)).rejects.toThrow(/outside the tree/);
      expect(existsSync(join(dir, 'ok.txt'))).toBe(false);
      expect(existsSync(join(dir, '..', 'keyshift-escaped.txt'))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
