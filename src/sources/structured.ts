// Every string value of a JSON/JSONC, YAML, TOML, dotenv or INI document, with its RFC 6901 pointer
// and its offset in the text. Not a fixed schema: headers, args and URLs are walked like env blocks.
import { parseTree, type Node as JsonNode } from 'jsonc-parser';
import { parseAllDocuments, isMap, isSeq, isScalar, isPair, type Node as YamlNode } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { UnitError } from '../core/errors.ts';

export type ConfigFormat = 'json' | 'yaml' | 'toml' | 'dotenv' | 'ini';

export interface ConfigValue {
  pointer: string;
  /** Last pointer segment (object key or array index). */
  key: string;
  /** Pointer of the containing object/array. */
  parent: string;
  value: string;
  /** Offset of value[0] in the text; -1 when it could not be located. */
  start: number;
}

export function escapeSegment(s: string): string {
  return s.split('~').join('~0').split('/').join('~1');
}

function child(parent: string, seg: string | number): string {
  return `${parent}/${escapeSegment(String(seg))}`;
}

export function configValues(format: ConfigFormat, text: string): ConfigValue[] {
  switch (format) {
    case 'json':
      return jsonValues(text);
    case 'yaml':
      return yamlValues(text);
    case 'toml':
      return tomlValues(text);
    case 'dotenv':
    case 'ini':
      return lineValues(text);
  }
}

function jsonValues(text: string): ConfigValue[] {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) throw new UnitError('not parseable as JSON');
  const out: ConfigValue[] = [];
  const visit = (n: JsonNode, ptr: string, key: string, parent: string): void => {
    if (n.type === 'object') {
      for (const prop of n.children ?? []) {
        const [k, v] = prop.children ?? [];
        if (k && v) visit(v, child(ptr, String(k.value)), String(k.value), ptr);
      }
    } else if (n.type === 'array') {
      (n.children ?? []).forEach((v, i) => visit(v, child(ptr, i), String(i), ptr));
    } else if (n.type === 'string') {
      out.push({ pointer: ptr, key, parent, value: String(n.value), start: n.offset + 1 });
    }
  };
  visit(root, '', '', '');
  return out;
}

function locate(text: string, value: string, from: number): number {
  const head = value.split('\n')[0] ?? '';
  if (!head) return -1;
  return text.indexOf(head, from);
}

function yamlValues(text: string): ConfigValue[] {
  const out: ConfigValue[] = [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  list.forEach((doc, d) => {
    if (doc.errors.length) throw new UnitError(`YAML: ${doc.errors[0]!.message.split('\n')[0]}`);
    const base = list.length > 1 ? `/${d}` : '';
    const visit = (n: YamlNode | null | undefined, ptr: string, key: string, parent: string): void => {
      if (!n) return;
      if (isMap(n)) {
        for (const item of n.items) {
          if (!isPair(item)) continue;
          const k = isScalar(item.key) ? String(item.key.value) : String(item.key);
          visit(item.value as YamlNode, child(ptr, k), k, ptr);
        }
      } else if (isSeq(n)) {
        n.items.forEach((v, i) => visit(v as YamlNode, child(ptr, i), String(i), ptr));
      } else if (isScalar(n) && typeof n.value === 'string') {
        const from = n.range?.[0] ?? 0;
        const exact = n.type === 'PLAIN' ? from : n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE' ? from + 1 : -1;
        const start = exact >= 0 && text.startsWith(n.value.split('\n')[0] ?? '', exact) ? exact : locate(text, n.value, from);
        out.push({ pointer: ptr, key, parent, value: n.value, start });
      }
    };
    visit(doc.contents as YamlNode, base, '', base);
  });
  return out;
}

function tomlValues(text: string): ConfigValue[] {
  let data: unknown;
  try {
    data = parseToml(text);
  } catch (err) {
    throw new UnitError(`TOML: ${String((err as Error).message).split('\n')[0]}`);
  }
  const out: ConfigValue[] = [];
  let cursor = 0;
  const visit = (v: unknown, ptr: string, key: string, parent: string): void => {
    if (typeof v === 'string') {
      let start = locate(text, v, cursor);
      if (start < 0) start = locate(text, v, 0);
      if (start >= 0) cursor = start + v.length;
      out.push({ pointer: ptr, key, parent, value: v, start });
    } else if (Array.isArray(v)) {
      v.forEach((x, i) => visit(x, child(ptr, i), String(i), ptr));
    } else if (v && typeof v === 'object' && !(v instanceof Date)) {
      for (const [k, x] of Object.entries(v)) visit(x, child(ptr, k), k, ptr);
    }
  };
  visit(data, '', '', '');
  return out;
}

/** dotenv (`KEY=value`, `export KEY=value`) and INI (`[section]`, `key = value`, `key: value`). */
function lineValues(text: string): ConfigValue[] {
  const out: ConfigValue[] = [];
  let section = '';
  let offset = 0;
  for (const raw of text.split('\n')) {
    const lineStart = offset;
    offset += raw.length + 1;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
      section = child('', trimmed.slice(1, -1).trim());
      continue;
    }
    const eq = [line.indexOf('='), line.indexOf(':')].filter((i) => i > 0).sort((a, b) => a - b)[0];
    if (eq === undefined) continue;
    let key = line.slice(0, eq).trim();
    if (key.startsWith('export ')) key = key.slice(7).trim();
    if (!key || key.includes(' ')) continue;
    let vStart = eq + 1;
    while (line[vStart] === ' ' || line[vStart] === '\t') vStart++;
    let value = line.slice(vStart);
    const q = value[0];
    if ((q === '"' || q === "'") && value.indexOf(q, 1) > 0) {
      value = value.slice(1, value.indexOf(q, 1));
      vStart++;
    } else {
      const hash = value.indexOf(' #');
      if (hash >= 0) value = value.slice(0, hash);
      value = value.trimEnd();
    }
    if (!value) continue;
    out.push({ pointer: child(section, key), key, parent: section, value, start: lineStart + vStart });
  }
  return out;
}
