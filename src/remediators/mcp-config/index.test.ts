import { describe, expect, it } from 'vitest';
import { clientOf, reference } from './clients.ts';
import { rewriteJson } from './index.ts';
import { findingIn, fake } from '../../../test/remediators/helpers.ts';

describe('mcp-config', () => {
  it('knows clients by declared name (any spelling) or by path', async () => {
    expect(clientOf('x.json', 'Claude Code')).toBe('claude-code');
    expect(clientOf('.cursor/mcp.json')).toBe('cursor');
    expect(clientOf('.gemini/settings.json')).toBe('gemini');
    expect(clientOf('.codex/config.toml')).toBe('codex');
    expect(clientOf('src/config.json')).toBeUndefined();
    expect(reference('gemini', 'K')).toBe('${K}');
    expect(reference('claude-desktop', 'K')).toBeUndefined();
  });

  it('Claude Desktop: a static header to a remote server is removed and OAuth is the todo', async () => {
    const t = fake.ghp();
    const text = `{"mcpServers": {"gh": {"url": "https://example.com/mcp", "headers": {"Authorization": "Bearer ${t}"}}}}\n`;
    const r = rewriteJson('claude_desktop_config.json', text, 'claude-desktop', [findingIn('claude_desktop_config.json', text, t, 'github-pat-classic', 'github')])!;
    expect(r.files[0]!.content).not.toContain(t);
    expect(JSON.parse(r.files[0]!.content!).mcpServers.gh.headers).toEqual({});
    expect(r.todo.join('\n')).toContain('OAuth');
  });

  it('a secret in args goes into the wrapper as a quoted variable', async () => {
    const t = fake.ghp();
    const text = `{"mcpServers": {"gh": {"command": "srv", "args": ["--token=${t}", "it's"]}}}\n`;
    const r = rewriteJson('cline_mcp_settings.json', text, 'cline', [findingIn('cline_mcp_settings.json', text, t, 'github-pat-classic', 'github')])!;
    const script = r.files.find((f) => f.path === 'mcp-gh.sh')!;
    expect(script.executable).toBe(true);
    expect(script.content).toContain(`exec 'srv' "--token=\${GITHUB_TOKEN}" 'it'\\''s' "$@"`);
    expect(script.content).not.toContain(t);
  });
});
