// Agent, MCP-client, workflow and .env configs: which client a path belongs to, the chunks of its
// string values (each carrying {client, pointer}), references vs literals, and credential-like keys.
import RE2 from 're2';
import type { Chunk, Origin } from '../core/types.ts';
import { configValues, type ConfigFormat, type ConfigValue } from './structured.ts';

export interface ConfigKind {
  client: string;
  format: ConfigFormat;
}

interface Rule {
  client: string;
  format: ConfigFormat;
  /** Matched against the '/'-separated path (our own path, not scanned content). */
  test: RegExp;
}

const RULES: Rule[] = [
  { client: 'claude-desktop', format: 'json', test: /(^|\/)claude_desktop_config\.json$/ },
  { client: 'claude-code', format: 'json', test: /(^|\/)(\.mcp|managed-mcp|\.claude|\.claude\/settings(\.local)?)\.json$/ },
  { client: 'cursor', format: 'json', test: /(^|\/)\.cursor\/mcp\.json$/ },
  { client: 'vscode', format: 'json', test: /(^|\/)(\.vscode\/)?mcp\.json$/ },
  { client: 'vscode', format: 'json', test: /(^|\/)\.vscode\/settings\.json$|(^|\/)\.devcontainer\/devcontainer\.json$/ },
  { client: 'windsurf', format: 'json', test: /(^|\/)mcp_config\.json$/ },
  { client: 'cline', format: 'json', test: /(^|\/)cline_mcp_settings\.json$/ },
  { client: 'continue', format: 'yaml', test: /(^|\/)\.continue\/(config|mcpServers\/[^/]+)\.ya?ml$/ },
  { client: 'continue', format: 'json', test: /(^|\/)\.continue\/(config|mcpServers\/[^/]+)\.json$/ },
  { client: 'zed', format: 'json', test: /(^|\/)(\.zed|zed)\/settings\.json$/ },
  { client: 'gemini-cli', format: 'json', test: /(^|\/)(\.gemini\/settings\.json|gemini-extension\.json|mcp-oauth-tokens\.json)$/ },
  { client: 'codex', format: 'toml', test: /(^|\/)\.?codex\/config\.toml$/ },
  { client: 'codex', format: 'json', test: /(^|\/)\.?codex\/auth\.json$/ },
  { client: 'github-workflow', format: 'yaml', test: /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$|(^|\/)action\.ya?ml$/ },
  { client: 'crewai', format: 'yaml', test: /(^|\/)config\/agents\.ya?ml$/ },
  { client: 'langgraph', format: 'json', test: /(^|\/)langgraph\.json$/ },
  { client: 'autogen', format: 'json', test: /(^|\/)OAI_CONFIG_LIST(\.json)?$/ },
  { client: 'dotenv', format: 'dotenv', test: /(^|\/)\.env(\.[^/]*)?$|(^|\/)[^/]+\.env$/ },
  { client: 'npmrc', format: 'ini', test: /(^|\/)\.npmrc$/ },
  { client: 'pypirc', format: 'ini', test: /(^|\/)\.pypirc$/ },
  { client: 'aws-credentials', format: 'ini', test: /(^|\/)\.aws\/(credentials|config)$/ },
  { client: 'gh-hosts', format: 'yaml', test: /(^|\/)gh\/hosts\.ya?ml$/ },
  { client: 'docker', format: 'json', test: /(^|\/)\.docker\/config\.json$/ },
  { client: 'mcp', format: 'json', test: /(^|\/)[^/]*mcp[^/]*\.json$/i },
];

/** The client a config path belongs to, or undefined for ordinary files. */
export function classifyConfig(path: string): ConfigKind | undefined {
  const p = path.split('\\').join('/');
  for (const r of RULES) if (r.test.test(p)) return { client: r.client, format: r.format };
  return undefined;
}

/** Agent/MCP client configs (where an unknown-format literal under a credential key is a finding). */
export function isAgentClient(client: string): boolean {
  return client !== 'github-workflow';
}

// Reference forms: ${env:X}, ${X}, ${X:-d}, ${input:x}, ${{ secrets.X }}, $X, %X%.
const REFERENCE = new RE2('\\$\\{\\{[^}]*\\}\\}|\\$\\{[^}]+\\}|^\\$[A-Za-z_][A-Za-z0-9_]*$|^%[A-Za-z_][A-Za-z0-9_]*%$', 'u');
/** A value that holds or is a reference to a secret kept elsewhere. */
export function isReference(value: string): boolean {
  return REFERENCE.test(value);
}

// Keys whose values name an environment variable or a file instead of holding a secret.
const NAME_KEYS = new Set(['bearer_token_env_var', 'env_vars', 'env_http_headers', 'envfile', 'env_file', 'tokenenvvar']);
const SEPARATORS = new RE2('[^A-Za-z0-9]+', 'u');
const CREDENTIAL_WORDS = new Set([
  'token', 'tokens', 'secret', 'secrets', 'password', 'passwd', 'pwd', 'pass', 'auth', 'authorization', 'credential',
  'credentials', 'bearer', 'cookie', 'apikey', 'key', 'keys', 'session', 'signature', 'pat', 'dsn', 'authtoken',
]);

function words(key: string): string[] {
  // RE2 has no lookbehind: split on separators, then on lower→upper case changes by hand.
  const parts = key.split(SEPARATORS).filter(Boolean);
  const out: string[] = [];
  for (const p of parts) {
    let cur = '';
    for (let i = 0; i < p.length; i++) {
      const c = p[i]!;
      const prev = p[i - 1];
      if (cur && prev && c >= 'A' && c <= 'Z' && !(prev >= 'A' && prev <= 'Z')) {
        out.push(cur.toLowerCase());
        cur = '';
      }
      cur += c;
    }
    if (cur) out.push(cur.toLowerCase());
  }
  return out;
}

export function isCredentialKey(key: string): boolean {
  return words(key).some((w) => CREDENTIAL_WORDS.has(w));
}

/** True when the value names something (an env var, a file) rather than holding a secret. */
export function isNameSlot(v: ConfigValue): boolean {
  const segs = v.pointer.toLowerCase().split('/');
  if (segs.some((s) => NAME_KEYS.has(s))) return true;
  if (segs[1] === 'inputs') return true; // VS Code input descriptors: id, description
  return false;
}

export function isSessionTokenKey(key: string): boolean {
  const w = words(key);
  return w.includes('session') && (w.includes('token') || w.includes('key'));
}

export function isAwsKey(key: string): boolean {
  return words(key).includes('aws');
}

export interface ConfigChunks {
  kind: ConfigKind;
  values: ConfigValue[];
  chunks: Chunk[];
}

/** Line and column (1-based) of each offset in text. */
export function positioner(text: string): (offset: number) => [number, number] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return [lo + 1, offset - starts[lo]! + 1];
  };
}

/**
 * One chunk per string value of a recognised config, each with `origin.config = {client, pointer}` and
 * the value's own line/column. Undefined when the path is not a recognised config.
 * Throws UnitError when the file does not parse (callers fall back to a plain-text scan).
 */
export function agentConfigChunks(path: string, text: string, base: Omit<Origin, 'path'> = { source: 'file' }): ConfigChunks | undefined {
  const kind = classifyConfig(path);
  if (!kind) return undefined;
  const values = configValues(kind.format, text);
  const pos = positioner(text);
  const chunks: Chunk[] = values.map((v) => {
    const [line, col] = v.start >= 0 ? pos(v.start) : [1, 1];
    return {
      data: v.value,
      origin: { ...base, path, config: { client: kind.client, pointer: v.pointer } },
      lineOffset: line,
      columnOffset: col - 1,
    };
  });
  return { kind, values, chunks };
}
