// MCP client configs: a literal credential -> the client's own reference syntax, or a start-up wrapper
// for clients without interpolation.
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { findStrings, setAt, valueAt } from '../../edit/jsonc.ts';
import { YamlEditor, findScalars } from '../../edit/yaml.ts';
import { byPath, envNameFor } from '../shared/match.ts';
import { clientOf, inputId, reference, SERVER_ROOTS, type Client } from './clients.ts';
import { safeName, wrapperScript, type WrapperSpec } from './wrapper.ts';
import { rewriteCodex } from './codex.ts';

interface Result {
  files: FileChange[];
  changed: string[];
  todo: string[];
  envs: string[];
}

export function nameFor(f: Finding, key: string | number | undefined, parent: string | number | undefined): string {
  if (parent === 'env' && typeof key === 'string' && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) return key;
  return envNameFor(f);
}

export function rewriteJson(path: string, text: string, client: Client, findings: Finding[]): Result | null {
  let out = text;
  const envs = new Set<string>();
  const todo: string[] = [];
  const wrappers = new Map<string, WrapperSpec>();
  const dropHeaders: string[] = [];
  for (const f of findings) {
    const secret = secretOf(f);
    if (!secret) continue;
    for (const p of findStrings(out, secret)) {
      const server = SERVER_ROOTS.includes(String(p[0])) ? String(p[1]) : undefined;
      const key = p[p.length - 1];
      const parent = p[p.length - 2];
      const name = nameFor(f, key, parent);
      const value = valueAt(out, p) as string;
      const ref = reference(client, name);
      envs.add(name);
      if (ref) {
        out = setAt(out, p, value.split(secret).join(ref));
        if (client === 'vscode') out = ensureInput(out, name, `${name} for the ${server ?? 'MCP'} server`);
        continue;
      }
      if (!server) {
        todo.push(`\`${path}\`: a credential outside any server entry was removed; supply it another way.`);
        out = setAt(out, p, undefined);
        continue;
      }
      const base = [p[0]!, p[1]!];
      const w = wrappers.get(server) ?? { server, command: String(valueAt(out, [...base, 'command']) ?? ''), args: ((valueAt(out, [...base, 'args']) as unknown[]) ?? []).map(String), envs: [], argRefs: [] };
      wrappers.set(server, w);
      if (parent === 'env') {
        w.envs.push(name);
        out = setAt(out, p, undefined);
        const env = valueAt(out, [...base, 'env']) as Record<string, unknown> | undefined;
        if (env && Object.keys(env).length === 0) out = setAt(out, [...base, 'env'], undefined);
      } else if (parent === 'args' && typeof key === 'number') {
        const at = value.indexOf(secret);
        w.argRefs.push({ index: key, name, before: value.slice(0, at), after: value.slice(at + secret.length) });
      } else {
        out = setAt(out, p, undefined);
        dropHeaders.push(server);
        wrappers.delete(server);
      }
    }
  }
  const files: FileChange[] = [];
  const changed: string[] = [];
  const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/') + 1) : '';
  for (const w of wrappers.values()) {
    if (!w.command) {
      todo.push(`\`${path}\` server \`${w.server}\`: the credential was removed but the server has no \`command\` to wrap; supply it another way.`);
      continue;
    }
    const script = `${dir}mcp-${safeName(w.server)}.sh`;
    files.push({ path: script, content: wrapperScript(w), executable: true });
    const base = [SERVER_ROOTS.find((r) => valueAt(out, [r, w.server]) !== undefined) ?? 'mcpServers', w.server];
    out = setAt(out, [...base, 'command'], script);
    out = setAt(out, [...base, 'args'], []);
    changed.push(`\`${path}\` server \`${w.server}\`: starts through \`${script}\`, which reads ${[...new Set([...w.envs, ...w.argRefs.map((a) => a.name)])].map((n) => `\`${n}\``).join(', ')} at start-up (${client} has no variable interpolation).`);
    todo.push(`\`${script}\`: point \`command\` at its absolute path where the config is installed, and store the credential in the OS keychain as the script's header explains.`);
  }
  for (const s of dropHeaders) {
    changed.push(`\`${path}\` server \`${s}\`: the static header credential is removed.`);
    todo.push(`\`${path}\` server \`${s}\`: sign in with the server's OAuth flow (MCP authorization) instead of a static header.`);
  }
  if (out === text && files.length === 0) return null;
  if (wrappers.size === 0 && dropHeaders.length === 0) {
    changed.push(`\`${path}\` (${client}): the literal is replaced by ${[...envs].map((n) => `\`${reference(client, n)}\``).join(', ')}.`);
    todo.push(client === 'vscode'
      ? `VS Code prompts once for ${[...envs].map((n) => `\`${inputId(n)}\``).join(', ')} and stores it outside the file.`
      : `Set ${[...envs].map((n) => `\`${n}\``).join(', ')} in the environment ${client} starts from (shell profile, secret manager, or an untracked env file).`);
  }
  return { files: [{ path, content: out }, ...files], changed, todo, envs: [...envs] };
}

function ensureInput(text: string, name: string, description: string): string {
  const id = inputId(name);
  const inputs = valueAt(text, ['inputs']);
  const entry = { type: 'promptString', id, description, password: true };
  if (Array.isArray(inputs)) {
    if (inputs.some((i) => (i as { id?: unknown }).id === id)) return text;
    return setAt(text, ['inputs', inputs.length], entry, { arrayInsert: true });
  }
  return setAt(text, ['inputs'], [entry], { first: true });
}

export function rewriteContinue(path: string, text: string, findings: Finding[]): Result | null {
  const ed = new YamlEditor(text);
  const envs = new Set<string>();
  for (const f of findings) {
    const secret = secretOf(f);
    if (!secret) continue;
    for (let p = findScalars(ed.doc, secret)[0]; p; p = findScalars(ed.doc, secret)[0]) {
      const name = nameFor(f, p[p.length - 1], p[p.length - 2]);
      envs.add(name);
      if (!ed.replaceInScalar(p, secret, `\${{ secrets.${name} }}`)) break;
    }
  }
  if (ed.text === text) return null;
  return {
    files: [{ path, content: ed.text }], envs: [...envs],
    changed: [`\`${path}\` (Continue): the literal is replaced by ${[...envs].map((n) => `\`\${{ secrets.${n} }}\``).join(', ')}.`],
    todo: [`Define ${[...envs].map((n) => `\`${n}\``).join(', ')} in Continue's secrets (\`~/.continue/.env\` or Continue Hub), never in the repository.`],
  };
}

export const mcpConfig: Remediator = {
  id: 'mcp-config',
  summary: "MCP client configs: literal credentials -> the client's own secret reference, or a start-up wrapper",
  appliesTo: (f: Finding) => clientOf(f.path, f.config?.client) !== undefined,
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const todo: string[] = [];
    for (const [path, fs] of byPath(findings)) {
      const text = await repo.read(path);
      const client = clientOf(path, fs[0]!.config?.client);
      if (text === null || !client) continue;
      const r = client === 'codex' ? rewriteCodex(path, text, fs) : client === 'continue' ? rewriteContinue(path, text, fs) : rewriteJson(path, text, client, fs);
      if (!r) continue;
      files.push(...r.files);
      changed.push(...r.changed);
      todo.push(...r.todo);
    }
    if (files.length === 0) return null;
    todo.push('Rotate the exposed credential: it stays in git history and in any copy of the old config.');
    return makeChangeSet('mcp-config', findings, { files, title: 'keyshift: reference MCP credentials instead of storing them in the config', changed, todo });
  },
};
