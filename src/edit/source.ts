// Syntax-aware literal edits for TypeScript/JavaScript and Python: a small tokenizer finds string
// literals (skipping comments and regex literals), and edits splice exact token ranges.
import { applyTextEdits, lineEndAt, lineStartAt, type TextEdit } from './text.ts';

export type Lang = 'js' | 'py';

export interface Token {
  kind: 'string' | 'ident' | 'punct' | 'number';
  start: number;
  end: number;
  /** String tokens: content range (inside the quotes) and the quote text. */
  content?: [number, number];
  quote?: string;
  prefix?: string;
}

const JS_EXT = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

export function langOf(path: string): Lang | undefined {
  if (path.endsWith('.py')) return 'py';
  return JS_EXT.some((e) => path.endsWith(e)) && !path.endsWith('.d.ts') ? 'js' : undefined;
}

const isIdStart = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_' || c === '$';
const isId = (c: string) => isIdStart(c) || (c >= '0' && c <= '9');
const REGEX_BEFORE = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);

export function tokenize(text: string, lang: Lang): Token[] {
  const out: Token[] = [];
  let i = 0;
  const n = text.length;
  const skipTo = (s: string, from: number) => {
    const j = text.indexOf(s, from);
    return j === -1 ? n : j + s.length;
  };
  while (i < n) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') { i++; continue; }
    if (lang === 'js' && c === '/' && text[i + 1] === '/') { i = lineEndAt(text, i); continue; }
    if (lang === 'js' && c === '/' && text[i + 1] === '*') { i = skipTo('*/', i + 2); continue; }
    if (lang === 'py' && c === '#') { i = lineEndAt(text, i); continue; }
    if (lang === 'js' && c === '/') {
      const prev = out[out.length - 1];
      const prevText = prev ? text.slice(prev.start, prev.end) : '';
      if (!prev || (prev.kind === 'punct' && REGEX_BEFORE.has(prevText)) || ['return', 'typeof', 'case', 'in', 'of'].includes(prevText)) {
        let j = i + 1;
        let cls = false;
        while (j < n && text[j] !== '\n') {
          if (text[j] === '\\') j++;
          else if (text[j] === '[') cls = true;
          else if (text[j] === ']') cls = false;
          else if (text[j] === '/' && !cls) break;
          j++;
        }
        j++;
        while (j < n && isId(text[j]!)) j++;
        i = j;
        continue;
      }
    }
    // Python string prefixes (r, b, f, u and pairs).
    let p = 0;
    if (lang === 'py') while (p < 2 && 'rRbBfFuU'.includes(text[i + p] ?? '#') && text[i + p] !== undefined) p++;
    const q = text[i + p];
    if ((q === '"' || q === "'" || (lang === 'js' && q === '`' && p === 0)) && (p === 0 || !isId(text[i - 1] ?? ' '))) {
      const triple = lang === 'py' && text.startsWith(q.repeat(3), i + p);
      const quote = triple ? q.repeat(3) : q;
      let j = i + p + quote.length;
      while (j < n && !text.startsWith(quote, j)) {
        if (text[j] === '\\') j++;
        else if (!triple && q !== '`' && text[j] === '\n') break;
        j++;
      }
      const end = Math.min(n, j + quote.length);
      out.push({ kind: 'string', start: i, end, content: [i + p + quote.length, Math.min(j, n)], quote, prefix: text.slice(i, i + p) });
      i = end;
      continue;
    }
    if (isIdStart(c)) {
      let j = i + 1;
      while (j < n && isId(text[j]!)) j++;
      out.push({ kind: 'ident', start: i, end: j });
      i = j;
      continue;
    }
    if (c >= '0' && c <= '9') {
      let j = i + 1;
      while (j < n && (isId(text[j]!) || text[j] === '.')) j++;
      out.push({ kind: 'number', start: i, end: j });
      i = j;
      continue;
    }
    out.push({ kind: 'punct', start: i, end: i + 1 });
    i++;
  }
  return out;
}

const tt = (text: string, t: Token | undefined) => (t ? text.slice(t.start, t.end) : '');

export interface LiteralSite {
  tokens: Token[];
  index: number;
  /** Name the literal is bound to: `name = '…'`, `name: '…'`, `'name': '…'`, kwarg `name='…'`. */
  name?: string;
  nameToken?: Token;
}

/** The string literal holding `secret` (nearest to `near` when several do). */
export function findLiteral(text: string, lang: Lang, secret: string, near = 0): LiteralSite | undefined {
  const tokens = tokenize(text, lang);
  let best: number | undefined;
  tokens.forEach((t, i) => {
    if (t.kind !== 'string' || !text.slice(t.content![0], t.content![1]).includes(secret)) return;
    if (best === undefined || Math.abs(t.start - near) < Math.abs(tokens[best]!.start - near)) best = i;
  });
  if (best === undefined) return undefined;
  const op = tt(text, tokens[best - 1]);
  const key = tokens[best - 2];
  let name: string | undefined;
  let nameToken: Token | undefined;
  if ((op === '=' || op === ':') && key && (key.kind === 'ident' || key.kind === 'string')) {
    nameToken = key;
    name = key.kind === 'ident' ? tt(text, key) : text.slice(key.content![0], key.content![1]);
  }
  return { tokens, index: best, name, nameToken };
}

/** Expression that reads an environment variable at run time. */
export function envRead(lang: Lang, name: string, inside?: string): string {
  if (lang === 'js') return `process.env.${name}`;
  return inside === '"' ? `os.environ['${name}']` : `os.environ["${name}"]`;
}

/** Replace the literal's secret with an env read, keeping any text around it in the literal. */
export function literalEdit(text: string, lang: Lang, site: LiteralSite, secret: string, name: string): TextEdit {
  const t = site.tokens[site.index]!;
  const [cs, ce] = t.content!;
  const content = text.slice(cs, ce);
  const at = content.indexOf(secret);
  const before = content.slice(0, at);
  const after = content.slice(at + secret.length);
  const q = t.quote!;
  if (before === '' && after === '' ) return { start: t.start, end: t.end, text: envRead(lang, name) };
  if (q === '`') return { start: cs + at, end: cs + at + secret.length, text: '${' + envRead(lang, name) + '}' };
  if (lang === 'py' && t.prefix?.toLowerCase().includes('f')) return { start: cs + at, end: cs + at + secret.length, text: '{' + envRead(lang, name, q[0]) + '}' };
  const part = (s: string) => `${t.prefix ?? ''}${q}${s}${q}`;
  const pieces = [before ? part(before) : '', envRead(lang, name), after ? part(after) : ''].filter(Boolean);
  return { start: t.start, end: t.end, text: pieces.join(' + ') };
}

/**
 * Range that removes a whole `name: …` property / `name=…` argument around token `from..to`
 * with its comma; full lines when it sits on lines of its own.
 */
export function removalRange(text: string, tokens: Token[], from: number, to: number): TextEdit {
  let start = tokens[from]!.start;
  let end = tokens[to]!.end;
  const next = tokens[to + 1];
  const prev = tokens[from - 1];
  if (next && tt(text, next) === ',') end = next.end;
  else if (prev && tt(text, prev) === ',') start = prev.start;
  const ls = lineStartAt(text, start);
  const le = lineEndAt(text, end);
  if (text.slice(ls, start).trim() === '' && text.slice(end, le).trim() === '') return { start: ls, end: le, text: '' };
  if (next && tt(text, next) === ',' && text[end] === ' ') end++;
  return { start, end, text: '' };
}

/** Index of the bracket matching tokens[i] (forward for openers, backward for closers). */
export function matching(text: string, tokens: Token[], i: number): number | undefined {
  const pairs: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
  const open = tt(text, tokens[i]);
  const close = pairs[open];
  const rev = Object.entries(pairs).find(([, v]) => v === open)?.[0];
  const step = close ? 1 : -1;
  const [a, b] = close ? [open, close] : [open, rev!];
  let depth = 0;
  for (let j = i; j >= 0 && j < tokens.length; j += step) {
    const s = tt(text, tokens[j]);
    if (s === a) depth++;
    else if (s === b && --depth === 0) return j;
  }
  return undefined;
}

/** Index of the innermost unclosed opener ('{', '(') before token i. */
export function enclosing(text: string, tokens: Token[], i: number): number | undefined {
  let depth = 0;
  for (let j = i - 1; j >= 0; j--) {
    const s = tt(text, tokens[j]);
    if (s === '}' || s === ')' || s === ']') depth++;
    else if (s === '{' || s === '(' || s === '[') {
      if (depth === 0) return j;
      depth--;
    }
  }
  return undefined;
}

/** Add `import os` to a Python module that lacks it (after __future__ imports, before other imports). */
export function ensurePythonImport(text: string, module = 'os'): string {
  const lines = text.split('\n');
  const has = lines.some((l) => {
    const t = l.trim();
    return t === `import ${module}` || (t.startsWith('import ') && t.slice(7).split(',').map((s) => s.trim().split(' ')[0]).includes(module));
  });
  if (has) return text;
  const nl = text.includes('\r\n') ? '\r\n' : '\n';
  let at = -1;
  let afterFuture = -1;
  lines.forEach((l, i) => {
    if (l.startsWith('from __future__')) afterFuture = i + 1;
    else if (at === -1 && (l.startsWith('import ') || l.startsWith('from '))) at = i;
  });
  if (afterFuture > at) at = afterFuture;
  if (at === -1) {
    // After a shebang/encoding comment block and a module docstring.
    const toks = tokenize(text, 'py');
    const first = toks[0];
    if (first?.kind === 'string' && first.quote!.length === 3) at = text.slice(0, lineEndAt(text, first.end)).split('\n').length - 1;
    else at = lines.findIndex((l) => !l.startsWith('#'));
    if (at < 0) at = lines.length;
  }
  const offset = lines.slice(0, at).reduce((s, l) => s + l.length + 1, 0);
  return text.slice(0, offset) + `import ${module}${nl}` + text.slice(offset);
}

export { applyTextEdits };
