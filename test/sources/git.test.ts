import { describe, it, expect } from 'vitest';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cloneHardened, HARDENED_CONFIG, hardenedEnv, resolveRef } from '../../src/sources/git.ts';

describe('hardened git', () => {
  it('clones only https/http URLs (no file://, ssh, ext:: transports)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ks-clone-'));
    const marker = join(dir, 'PWNED');
    for (const url of ['file:///etc', '/etc', 'ssh://example.com/x.git', `ext::sh -c touch% ${marker}`, '--upload-pack=touch /tmp/x']) {
      await expect(cloneHardened(url, join(dir, 'out'))).rejects.toThrow(/only https:\/\/ and http:\/\/ URLs/);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('every invocation disables hooks, fsmonitor and all transports; env has no system config or prompts', () => {
    expect(HARDENED_CONFIG).toEqual(expect.arrayContaining(['core.hooksPath=/dev/null', 'core.fsmonitor=false', 'protocol.allow=never']));
    expect(hardenedEnv()).toMatchObject({ GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' });
  });

  it('refuses option-like refs', async () => {
    await expect(resolveRef('.', '--output=/tmp/x')).rejects.toThrow(/invalid ref/);
  });
});
