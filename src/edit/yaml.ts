// Format-preserving YAML edits: locate nodes with the `yaml` Document (source ranges), then splice
// the text, so comments, ordering and quoting elsewhere stay byte-identical.
import { parseDocument, isMap, isSeq, isScalar, isPair, type Document, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { applyTextEdits, eol, indentSnippet, lineEndAt, lineStartAt } from './text.ts';

export type YamlPath = (string | number)[];

export class YamlEditError extends Error {}

export class YamlEditor {
  text: string;
  doc!: Document.Parsed;
  readonly nl: string;
  readonly unit: number;

  constructor(text: string) {
    this.text = text;
    this.nl = eol(text);
    this.reparse();
    this.unit = detectUnit(text);
  }

  private reparse(): void {
    const doc = parseDocument(this.text, { keepSourceTokens: false, uniqueKeys: false });
    if (doc.errors.length) throw new YamlEditError(`YAML does not parse: ${doc.errors[0]!.message.split('\n')[0]}`);
    this.doc = doc;
  }

  private splice(start: number, end: number, text: string): void {
    this.text = applyTextEdits(this.text, [{ start, end, text }]);
    this.reparse();
  }

  node(path: YamlPath): Node | undefined {
    if (path.length === 0) return (this.doc.contents ?? undefined) as Node | undefined;
    return this.doc.getIn(path, true) as Node | undefined;
  }

  map(path: YamlPath): YAMLMap | undefined {
    const n = this.node(path);
    return isMap(n) ? n : undefined;
  }

  seq(path: YamlPath): YAMLSeq | undefined {
    const n = this.node(path);
    return isSeq(n) ? n : undefined;
  }

  /** Plain JS value at a path. */
  value(path: YamlPath): unknown {
    const n = this.node(path);
    return n && 'toJSON' in n ? (n as { toJSON(): unknown }).toJSON() : undefined;
  }

  has(path: YamlPath): boolean {
    return this.pair(path) !== undefined;
  }

  private pair(path: YamlPath): { map: YAMLMap; pair: Pair<Node, Node | null>; index: number } | undefined {
    const map = this.map(path.slice(0, -1));
    const key = path[path.length - 1];
    if (!map) return undefined;
    const index = map.items.findIndex((p) => isScalar(p.key) && p.key.value === key);
    return index === -1 ? undefined : { map, pair: map.items[index] as Pair<Node, Node | null>, index };
  }

  /** Column (0-based) of the keys of a block map. */
  private keyColumn(map: YAMLMap): number {
    const first = map.items[0]?.key as Node | undefined;
    if (!first?.range) throw new YamlEditError('empty map');
    return first.range[0] - lineStartAt(this.text, first.range[0]);
  }

  private pairEnd(pair: Pair<Node, Node | null>): number {
    const n = (pair.value ?? pair.key) as Node;
    const end = n.range![2];
    return this.text[end - 1] === '\n' ? end : lineEndAt(this.text, end);
  }

  /** Remove a key and its value (whole lines). When `prune`, an emptied parent map is removed too. */
  remove(path: YamlPath, prune = true): void {
    const hit = this.pair(path);
    if (!hit) return;
    const { map, pair, index } = hit;
    if (map.flow) throw new YamlEditError(`flow mapping at ${path.slice(0, -1).join('.')} is not edited`);
    if (map.items.length === 1 && prune && path.length > 1) return this.remove(path.slice(0, -1), prune);
    const keyStart = (pair.key as Node).range![0];
    const ls = lineStartAt(this.text, keyStart);
    const end = this.pairEnd(pair);
    if (this.text.slice(ls, keyStart).trim() !== '') {
      // First key of a sequence item ("- key: v"): pull the next key up behind the dash.
      const next = map.items[index + 1]?.key as Node | undefined;
      if (!next?.range) throw new YamlEditError('cannot remove the only key of a sequence item');
      this.splice(keyStart, next.range[0], '');
      return;
    }
    // Full-line comments directly above the pair, at its indentation, describe it: they go too.
    let from = ls;
    const col = keyStart - ls;
    while (from > 0) {
      const prev = lineStartAt(this.text, from - 1);
      const line = this.text.slice(prev, from);
      if (!line.trimStart().startsWith('#') || line.length - line.trimStart().length !== col) break;
      from = prev;
    }
    this.splice(from, end, '');
  }

  /** Replace a scalar's source text (the caller supplies valid YAML for it). */
  setRaw(path: YamlPath, raw: string): void {
    const n = this.node(path);
    if (!n || !isScalar(n) || !n.range) throw new YamlEditError(`no scalar at ${path.join('.')}`);
    this.splice(n.range[0], n.range[1], raw);
  }

  /** Replace a literal inside a scalar's source text (e.g. a token inside a `run:` script). */
  replaceInScalar(path: YamlPath, needle: string, replacement: string): boolean {
    const n = this.node(path);
    if (!n || !isScalar(n) || !n.range) return false;
    const at = this.text.slice(n.range[0], n.range[1]).indexOf(needle);
    if (at === -1) return false;
    this.splice(n.range[0] + at, n.range[0] + at + needle.length, replacement);
    return true;
  }

  /** Replace a one-line `key: value` pair by another one-line pair, in place. */
  replacePair(path: YamlPath, line: string): void {
    const hit = this.pair(path);
    const v = hit?.pair.value as Node | null | undefined;
    if (!hit || !v?.range) throw new YamlEditError(`no pair at ${path.join('.')}`);
    this.splice((hit.pair.key as Node).range![0], v.range[1], line);
  }

  /** Add `key: value` lines (a 2-space snippet) at the end of a block map, or before `before`. */
  addToMap(mapPath: YamlPath, snippet: string, before?: string): void {
    const map = this.map(mapPath);
    if (!map) throw new YamlEditError(`no map at ${mapPath.join('.')}`);
    if (map.flow) throw new YamlEditError(`flow mapping at ${mapPath.join('.')} is not edited`);
    const col = this.keyColumn(map);
    const text = indentSnippet(snippet, ' '.repeat(col), this.unit, this.nl);
    const at = before ? map.items.find((p) => isScalar(p.key) && p.key.value === before) : undefined;
    if (at) {
      const keyStart = (at.key as Node).range![0];
      const ls = lineStartAt(this.text, keyStart);
      if (this.text.slice(ls, keyStart).trim() === '') return this.splice(ls, ls, text);
    }
    const last = map.items[map.items.length - 1] as Pair<Node, Node | null>;
    let end = this.pairEnd(last);
    if (end === this.text.length && !this.text.endsWith('\n')) {
      this.splice(end, end, this.nl);
      end = this.text.length;
    }
    this.splice(end, end, text);
  }

  /** Set a key inside a block map to a scalar (replace when present, add otherwise). */
  setKey(mapPath: YamlPath, key: string, raw: string, before?: string): void {
    if (this.has([...mapPath, key])) {
      const n = this.node([...mapPath, key]);
      if (isScalar(n)) return this.setRaw([...mapPath, key], raw);
      this.remove([...mapPath, key], false);
    }
    this.addToMap(mapPath, `${key}: ${raw}\n`, before);
  }

  /** Insert a sequence item (a 2-space snippet without the dash) before item `index` (or at the end). */
  insertItem(seqPath: YamlPath, index: number, snippet: string): void {
    const seq = this.seq(seqPath);
    if (!seq || seq.flow || seq.items.length === 0) throw new YamlEditError(`no block sequence at ${seqPath.join('.')}`);
    const ref = seq.items[Math.min(index, seq.items.length - 1)] as Node;
    const start = ref.range![0];
    const ls = lineStartAt(this.text, start);
    const dash = this.text.lastIndexOf('-', start);
    const dashCol = dash - ls;
    const inner = start - dash; // "- " width
    const body = indentSnippet(snippet, ' '.repeat(dashCol + inner), this.unit, this.nl);
    const item = ' '.repeat(dashCol) + '-' + ' '.repeat(inner - 1) + body.slice(dashCol + inner);
    if (index === 0) return this.splice(ls, ls, item);
    // After the previous item, so comments that lead the next item stay with it.
    const prev = seq.items[Math.min(index, seq.items.length) - 1] as Node;
    let end = prev.range![2];
    if (this.text[end - 1] !== '\n') end = lineEndAt(this.text, end);
    this.splice(end, end, item);
  }

  /** Insert a top-level key (snippet) before another top-level key. */
  addTopLevel(snippet: string, before: string): void {
    this.addToMap([], snippet, before);
  }
}

function detectUnit(text: string): number {
  const doc = parseDocument(text);
  let unit = 0;
  const walk = (n: unknown, col: number): void => {
    if (unit || !isMap(n)) return;
    for (const p of n.items) {
      const v = p.value as Node | null;
      if (isMap(v) && !v.flow && v.items[0]?.key) {
        const k = v.items[0].key as Node;
        const c = k.range![0] - lineStartAt(text, k.range![0]);
        if (c > col) unit = c - col;
        return;
      }
    }
  };
  const root = doc.contents;
  if (isMap(root)) walk(root, 0);
  return unit > 0 && unit <= 8 ? unit : 2;
}

/** Key paths of every scalar whose value contains `needle` (compared in memory). */
export function findScalars(doc: Document, needle: string): YamlPath[] {
  const out: YamlPath[] = [];
  const walk = (n: unknown, path: YamlPath): void => {
    if (isMap(n)) for (const p of n.items) walk(p.value, [...path, isScalar(p.key) ? (p.key.value as string) : '?']);
    else if (isSeq(n)) n.items.forEach((it, i) => walk(it, [...path, i]));
    else if (isPair(n)) walk(n.value, path);
    else if (isScalar(n) && typeof n.value === 'string' && n.value.includes(needle)) out.push(path);
  };
  walk(doc.contents, []);
  return out;
}

/** Key path of the innermost scalar whose source range holds `offset`. */
export function scalarAt(doc: Document, offset: number): YamlPath | undefined {
  let hit: YamlPath | undefined;
  const walk = (n: unknown, path: YamlPath): void => {
    if (isMap(n)) for (const p of n.items) walk(p.value, [...path, isScalar(p.key) ? (p.key.value as string) : '?']);
    else if (isSeq(n)) n.items.forEach((it, i) => walk(it, [...path, i]));
    else if (isScalar(n) && n.range && n.range[0] <= offset && offset < n.range[1]) hit = path;
  };
  walk(doc.contents, []);
  return hit;
}
