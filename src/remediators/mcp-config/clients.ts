// MCP clients: which one a config file belongs to, and how it references a secret (reference E.1).

export type Client = 'claude-code' | 'cursor' | 'windsurf' | 'vscode' | 'gemini' | 'continue' | 'codex' | 'claude-desktop' | 'cline' | 'zed';

const NAMES: [string, Client][] = [
  ['claudecode', 'claude-code'], ['claudedesktop', 'claude-desktop'], ['cursor', 'cursor'], ['windsurf', 'windsurf'],
  ['codeium', 'windsurf'], ['vscode', 'vscode'], ['copilot', 'vscode'], ['gemini', 'gemini'], ['continue', 'continue'],
  ['codex', 'codex'], ['cline', 'cline'], ['zed', 'zed'],
];

/** From the finding's `config.client` (any spelling) or else from the file path. */
export function clientOf(path: string, declared?: string): Client | undefined {
  const d = (declared ?? '').toLowerCase().replace(/[^a-z]/g, '');
  for (const [k, c] of NAMES) if (d && d.includes(k)) return c;
  const p = path.toLowerCase();
  const base = p.split('/').pop() ?? p;
  if (p.endsWith('.cursor/mcp.json')) return 'cursor';
  if (p.endsWith('.vscode/mcp.json') || (base === 'mcp.json' && p.includes('code/user'))) return 'vscode';
  if (base === '.mcp.json' || base === '.claude.json' || base === 'managed-mcp.json') return 'claude-code';
  if (base === 'mcp_config.json') return 'windsurf';
  if (base === 'claude_desktop_config.json') return 'claude-desktop';
  if (base === 'cline_mcp_settings.json') return 'cline';
  if (p.endsWith('.zed/settings.json') || p.endsWith('zed/settings.json')) return 'zed';
  if (p.endsWith('.gemini/settings.json') || base === 'gemini-extension.json') return 'gemini';
  if (p.endsWith('.codex/config.toml')) return 'codex';
  if ((p.includes('.continue/') || base === 'config.yaml') && (base.endsWith('.yaml') || base.endsWith('.yml'))) return p.includes('.continue/') ? 'continue' : undefined;
  return undefined;
}

/** The client's own reference syntax for an environment variable / secret, or undefined without one. */
export function reference(client: Client, name: string): string | undefined {
  switch (client) {
    case 'cursor':
    case 'windsurf': return `\${env:${name}}`;
    case 'claude-code':
    case 'gemini': return `\${${name}}`;
    case 'vscode': return `\${input:${inputId(name)}}`;
    case 'continue': return `\${{ secrets.${name} }}`;
    default: return undefined;
  }
}

export function inputId(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

export const SERVER_ROOTS = ['mcpServers', 'servers', 'context_servers'];
