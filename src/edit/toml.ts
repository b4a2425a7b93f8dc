// TOML edits by precise text ranges (smol-toml only checks the result): table bodies are found line by
// line, so comments, blank lines and key order elsewhere stay byte-identical.
import { parse } from 'smol-toml';
import { lineEndAt, lineStartAt } from './text.ts';

export class TomlEditError extends Error {}

export function check(text: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new TomlEditError(`TOML does not parse: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Split a dotted key (`a."b.c".d`) into parts. */
export function splitKey(key: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q: string | undefined;
  for (const c of key.trim()) {
    if (q) {
      if (c === q) q = undefined;
      else cur += c;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '.') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

export interface Table {
  path: string[];
  /** Offset of the header line ('' root table: 0). */
  start: number;
  /** Offset just past the last non-blank, non-comment line of the body. */
  bodyEnd: number;
  end: number;
}

export function tables(text: string): Table[] {
  const out: Table[] = [];
  let cur: Table = { path: [], start: 0, bodyEnd: 0, end: text.length };
  for (let off = 0; off < text.length; off = lineEndAt(text, off)) {
    const le = lineEndAt(text, off);
    const t = text.slice(off, le).trim();
    if (t.startsWith('[')) {
      cur.end = off;
      out.push(cur);
      const arr = t.startsWith('[[');
      const close = t.indexOf(arr ? ']]' : ']');
      cur = { path: splitKey(t.slice(arr ? 2 : 1, close)), start: off, bodyEnd: le, end: text.length };
    } else if (t !== '' && !t.startsWith('#')) cur.bodyEnd = le;
    if (le === off) break;
  }
  out.push(cur);
  return out;
}

export function tableAt(text: string, offset: number): Table {
  return tables(text).filter((t) => t.start <= offset && offset < Math.max(t.end, t.start + 1)).pop() ?? tables(text)[0]!;
}

/** `key = value` line of a table, as offsets of the line and the key name. */
export function keyLine(text: string, table: Table, key: string): { start: number; end: number; value: string } | undefined {
  const from = table.path.length ? lineEndAt(text, table.start) : 0;
  for (let off = from; off < table.end; off = lineEndAt(text, off)) {
    const le = lineEndAt(text, off);
    const line = text.slice(off, le);
    const eq = line.indexOf('=');
    if (eq > 0 && splitKey(line.slice(0, eq)).join('.') === key) return { start: off, end: le, value: line.slice(eq + 1).trim() };
    if (le === off) break;
  }
  return undefined;
}

/** Insert a line at the end of a table's body. */
export function appendLine(text: string, table: Table, line: string): string {
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  let at = table.bodyEnd;
  let prefix = '';
  if (at > 0 && text[at - 1] !== '\n') prefix = nl;
  if (table.path.length === 0 && at === 0) at = 0;
  return text.slice(0, at) + prefix + line + nl + text.slice(at);
}

/** Remove `key = value` (a whole line) or one entry of a one-line inline table around `offset`. */
export function removeEntryAt(text: string, offset: number): string {
  const ls = lineStartAt(text, offset);
  const le = lineEndAt(text, offset);
  const line = text.slice(ls, le);
  const open = line.indexOf('{');
  const close = line.lastIndexOf('}');
  const rel = offset - ls;
  if (open === -1 || rel < open || rel > close) return text.slice(0, ls) + text.slice(le);
  // Entry boundaries inside `{ … }`: commas outside strings.
  const inner = line.slice(open + 1, close);
  const parts: [number, number][] = [];
  let q: string | undefined;
  let s = 0;
  for (let i = 0; i <= inner.length; i++) {
    const c = inner[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === ',' || c === undefined) {
      parts.push([s, i]);
      s = i + 1;
    }
  }
  const idx = parts.findIndex(([a, b]) => open + 1 + a <= rel && rel <= open + 1 + b);
  const kept = parts.filter((_, i) => i !== idx).map(([a, b]) => inner.slice(a, b).trim()).filter(Boolean);
  if (kept.length === 0) return text.slice(0, ls) + text.slice(le);
  const rebuilt = line.slice(0, open) + '{ ' + kept.join(', ') + ' }' + line.slice(close + 1);
  return text.slice(0, ls) + rebuilt + text.slice(le);
}

export function tomlString(s: string): string {
  return JSON.stringify(s);
}
