// Codex CLI config.toml: `env` literals -> `env_vars = [...]` (forwarded from the parent environment),
// `bearer_token` / Authorization headers -> `bearer_token_env_var`.
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import { appendLine, check, keyLine, removeEntryAt, splitKey, tableAt, tables, tomlString } from '../../edit/toml.ts';
import { lineEndAt, lineStartAt } from '../../edit/text.ts';
import { envNameFor } from '../shared/match.ts';
import type { FileChange } from '../types.ts';

type Servers = Record<string, { env?: Record<string, unknown>; http_headers?: Record<string, unknown> }>;

const servers = (text: string) => ((check(text).mcp_servers ?? {}) as Servers);

function addToArray(text: string, server: string, key: string, name: string): string {
  const table = tables(text).find((t) => t.path.length === 2 && t.path[0] === 'mcp_servers' && t.path[1] === server);
  if (!table) return text;
  const kl = keyLine(text, table, key);
  if (!kl) return appendLine(text, table, `${key} = [${tomlString(name)}]`);
  const line = text.slice(kl.start, kl.end);
  const close = line.lastIndexOf(']');
  if (close === -1 || (servers(text)[server] as Record<string, unknown>)[key] instanceof Array && ((servers(text)[server] as Record<string, string[]>)[key] ?? []).includes(name)) return text;
  const empty = line.slice(line.indexOf('[') + 1, close).trim() === '';
  return text.slice(0, kl.start) + line.slice(0, close) + (empty ? '' : ', ') + tomlString(name) + line.slice(close) + text.slice(kl.end);
}

function setKey(text: string, server: string, key: string, raw: string): string {
  const table = tables(text).find((t) => t.path.length === 2 && t.path[0] === 'mcp_servers' && t.path[1] === server);
  if (!table) return text;
  const kl = keyLine(text, table, key);
  if (kl) return text.slice(0, kl.start) + `${key} = ${raw}` + (text.slice(kl.start, kl.end).endsWith('\n') ? (text.slice(kl.start, kl.end).endsWith('\r\n') ? '\r\n' : '\n') : '') + text.slice(kl.end);
  return appendLine(text, table, `${key} = ${raw}`);
}

/** Drop a `[mcp_servers.x.env]`-style header whose table has no keys left. */
function dropEmptyTable(text: string, path: string[]): string {
  const t = tables(text).find((x) => x.path.join('.') === path.join('.'));
  if (!t || t.bodyEnd > lineEndAt(text, t.start)) return text;
  return text.slice(0, t.start) + text.slice(lineEndAt(text, t.start));
}

export function rewriteCodex(path: string, text: string, findings: Finding[]): { files: FileChange[]; changed: string[]; todo: string[]; envs: string[] } | null {
  let out = text;
  const envs = new Set<string>();
  const changed: string[] = [];
  const todo: string[] = [];
  for (const f of findings) {
    const secret = secretOf(f);
    if (!secret) continue;
    for (let at = out.indexOf(secret); at !== -1; at = out.indexOf(secret)) {
      const table = tableAt(out, at);
      const line = out.slice(lineStartAt(out, at), lineEndAt(out, at));
      const key = splitKey(line.slice(0, line.indexOf('=')))[0] ?? '';
      const [root, server, sub] = table.path;
      if (root !== 'mcp_servers' || !server) {
        todo.push(`\`${path}\`: a credential outside \`[mcp_servers.*]\` was left for a human.`);
        break;
      }
      const before = servers(out)[server] ?? {};
      if (sub === 'env' || key === 'env' || sub === 'http_headers' || key === 'http_headers') {
        const field = sub ?? key;
        const next = removeEntryAt(out, at);
        const gone = Object.keys((before as Record<string, Record<string, unknown>>)[field] ?? {}).filter((k) => !(k in (((servers(next)[server] ?? {}) as Record<string, Record<string, unknown>>)[field] ?? {})));
        const header = gone[0] ?? '';
        const wasValue = String(((before as Record<string, Record<string, unknown>>)[field] ?? {})[header] ?? '');
        out = sub ? dropEmptyTable(next, table.path) : next;
        if (field === 'env') {
          const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(header) ? header : envNameFor(f);
          envs.add(name);
          out = addToArray(out, server, 'env_vars', name);
          changed.push(`\`${path}\` server \`${server}\`: \`${name}\` is forwarded from the environment (\`env_vars\`) instead of stored.`);
        } else if (header.toLowerCase() === 'authorization' && wasValue.startsWith('Bearer ')) {
          const name = envNameFor(f);
          envs.add(name);
          out = setKey(out, server, 'bearer_token_env_var', tomlString(name));
          changed.push(`\`${path}\` server \`${server}\`: the bearer token comes from \`${name}\` (\`bearer_token_env_var\`).`);
        } else {
          const name = envNameFor(f);
          envs.add(name);
          out = setKey(out, server, 'env_http_headers', `{ ${tomlString(header)} = ${tomlString(name)} }`);
          changed.push(`\`${path}\` server \`${server}\`: header \`${header}\` is read from \`${name}\` (\`env_http_headers\`).`);
        }
      } else if (key === 'bearer_token') {
        const name = envNameFor(f);
        envs.add(name);
        const ls = lineStartAt(out, at);
        const le = lineEndAt(out, at);
        out = out.slice(0, ls) + `bearer_token_env_var = ${tomlString(name)}` + (out.slice(ls, le).endsWith('\n') ? '\n' : '') + out.slice(le);
        changed.push(`\`${path}\` server \`${server}\`: \`bearer_token\` -> \`bearer_token_env_var = "${name}"\`.`);
      } else {
        todo.push(`\`${path}\` server \`${server}\`: the credential in \`${key}\` needs a manual change.`);
        break;
      }
      check(out);
    }
  }
  if (out === text) return null;
  todo.push(`Export ${[...envs].map((n) => `\`${n}\``).join(', ')} in the environment Codex starts from.`);
  return { files: [{ path, content: out }], changed, todo, envs: [...envs] };
}
