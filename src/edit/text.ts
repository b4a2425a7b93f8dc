// Plain-text range edits shared by the format-preserving editors.

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Apply non-overlapping edits (any order). */
export function applyTextEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => b.start - a.start || b.end - a.end);
  let out = text;
  let floor = Infinity;
  for (const e of sorted) {
    if (e.end > floor) throw new Error('overlapping edits');
    out = out.slice(0, e.start) + e.text + out.slice(e.end);
    floor = e.start;
  }
  return out;
}

export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the newline ending the line that holds `offset` (or text end). */
export function lineEndAt(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl === -1 ? text.length : nl + 1;
}

/** 1-based line/column to offset. */
export function offsetOf(text: string, line: number, column: number): number {
  let off = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', off);
    if (nl === -1) return text.length;
    off = nl + 1;
  }
  return Math.min(text.length, off + column - 1);
}

export function isBlank(s: string): boolean {
  return s.trim() === '';
}

/** The newline style of a text. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Re-indent a 2-space snippet to `unit` spaces per level and prefix every line with `base`. */
export function indentSnippet(snippet: string, base: string, unit = 2, nl = '\n'): string {
  return snippet
    .split('\n')
    .filter((l, i, a) => !(i === a.length - 1 && l === ''))
    .map((l) => {
      const lead = l.length - l.trimStart().length;
      return l.trim() === '' ? '' : base + ' '.repeat((lead / 2) * unit) + l.trimStart();
    })
    .join(nl) + nl;
}

/** Find every occurrence of a literal (no regular expressions on scanned text). */
export function occurrences(text: string, needle: string): number[] {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + needle.length)) out.push(i);
  return out;
}
