// Format-preserving JSON/JSONC edits through jsonc-parser (modify + applyEdits), with the file's own
// indentation and line endings, so comments and key order stay as they were.
import { applyEdits, findNodeAtLocation, getNodePath, modify, parseTree, printParseErrorCode, type FormattingOptions, type JSONPath, type Node, type ParseError } from 'jsonc-parser';

export class JsoncEditError extends Error {}

export function formatting(text: string): FormattingOptions {
  const line = text.split('\n').find((l) => l.length > 0 && (l[0] === ' ' || l[0] === '\t'));
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  if (line?.[0] === '\t') return { insertSpaces: false, tabSize: 1, eol };
  const n = line ? line.length - line.trimStart().length : 2;
  return { insertSpaces: true, tabSize: n > 0 && n <= 8 ? n : 2, eol };
}

export function tree(text: string): Node {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  if (!root || errors.length) throw new JsoncEditError(`JSON does not parse: ${errors[0] ? printParseErrorCode(errors[0].error) : 'empty'}`);
  return root;
}

/** Paths of every string value containing `needle` (compared in memory). */
export function findStrings(text: string, needle: string): JSONPath[] {
  const out: JSONPath[] = [];
  const walk = (n: Node): void => {
    const isKey = n.parent?.type === 'property' && n.parent.children?.[0] === n;
    if (n.type === 'string' && !isKey && typeof n.value === 'string' && n.value.includes(needle)) out.push(getNodePath(n));
    for (const c of n.children ?? []) walk(c);
  };
  walk(tree(text));
  return out;
}

export function valueAt(text: string, path: JSONPath): unknown {
  const n = findNodeAtLocation(tree(text), path);
  return n ? nodeValue(n) : undefined;
}

function nodeValue(n: Node): unknown {
  if (n.type === 'object') return Object.fromEntries((n.children ?? []).map((p) => [p.children![0]!.value, nodeValue(p.children![1]!)]));
  if (n.type === 'array') return (n.children ?? []).map(nodeValue);
  return n.value;
}

/** Set (or with `undefined`, remove) the value at a path. */
export function setAt(text: string, path: JSONPath, value: unknown, opts: { first?: boolean; arrayInsert?: boolean } = {}): string {
  const edits = modify(text, path, value, {
    formattingOptions: formatting(text),
    ...(opts.first ? { getInsertionIndex: () => 0 } : {}),
    ...(opts.arrayInsert ? { isArrayInsertion: true } : {}),
  });
  const out = applyEdits(text, edits);
  tree(out);
  return out;
}
