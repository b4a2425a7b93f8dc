// Format-preserving editors: the diff is exactly the intended lines; comments and order survive.
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { YamlEditor } from '../../src/edit/yaml.ts';
import { setAt, findStrings, formatting } from '../../src/edit/jsonc.ts';
import { removeEntryAt, tables, appendLine } from '../../src/edit/toml.ts';
import { tokenize, findLiteral, ensurePythonImport } from '../../src/edit/source.ts';
import { unifiedDiff } from '../../src/edit/diff.ts';
import { lineDelta } from './helpers.ts';

const WF = `# top comment
on: push   # trailing
env:
  KEEP: "1"   # keep me
  DROP: x
  # about LAST
  LAST: y
jobs:
  a:
    steps:
      - uses: actions/checkout@v4
      - run: echo hi
`;

describe('YamlEditor', () => {
  it('removes one pair and nothing else', () => {
    const ed = new YamlEditor(WF);
    ed.remove(['env', 'DROP']);
    expect(lineDelta(WF, ed.text)).toEqual({ removed: ['  DROP: x'], added: [] });
  });

  it('removes a pair with the comment lines that lead it', () => {
    const ed = new YamlEditor(WF);
    ed.remove(['env', 'LAST']);
    expect(lineDelta(WF, ed.text)).toEqual({ removed: ['  # about LAST', '  LAST: y'], added: [] });
  });

  it('prunes an emptied map', () => {
    const ed = new YamlEditor('env:\n  A: 1\njobs: {}\n');
    ed.remove(['env', 'A']);
    expect(ed.text).toBe('jobs: {}\n');
  });

  it('removes the first key of a sequence item by pulling the next key behind the dash', () => {
    const ed = new YamlEditor('steps:\n  - run: a\n    env:\n      X: 1\n');
    ed.remove(['steps', 0, 'run']);
    expect(ed.text).toBe('steps:\n  - env:\n      X: 1\n');
  });

  it('adds keys with the file indentation (4 spaces) and inserts steps after a given item', () => {
    const src = 'jobs:\n    a:\n        steps:\n            -   uses: actions/checkout@v4\n            -   run: x\n';
    const ed = new YamlEditor(src);
    ed.addToMap(['jobs', 'a'], 'permissions:\n  id-token: write\n', 'steps');
    ed.insertItem(['jobs', 'a', 'steps'], 1, 'uses: foo/bar@v1\nwith:\n  k: v\n');
    expect(ed.text).toBe('jobs:\n    a:\n        permissions:\n            id-token: write\n        steps:\n            -   uses: actions/checkout@v4\n            -   uses: foo/bar@v1\n                with:\n                    k: v\n            -   run: x\n');
    expect(parseYaml(ed.text).jobs.a.steps[1]).toEqual({ uses: 'foo/bar@v1', with: { k: 'v' } });
  });

  it('keeps CRLF line endings', () => {
    const src = WF.replace(/\n/g, '\r\n');
    const ed = new YamlEditor(src);
    ed.addToMap(['env'], 'NEW: z\n');
    expect(ed.text.split('\r\n').length).toBe(src.split('\r\n').length + 1);
    expect(ed.text.replace(/\r\n/g, '').includes('\n')).toBe(false);
  });

  it('refuses flow mappings instead of rewriting them', () => {
    const ed = new YamlEditor('env: { A: 1, B: 2 }\n');
    expect(() => ed.remove(['env', 'A'])).toThrow(/flow mapping/);
  });
});

describe('jsonc edits', () => {
  const src = '{\n    // servers\n    "mcpServers": {\n        "a": { "env": { "K": "v1", "L": "v2" } } // trailing\n    }\n}\n';
  it('replaces one value; comments and indentation stay', () => {
    const out = setAt(src, ['mcpServers', 'a', 'env', 'K'], '${env:K}');
    expect(lineDelta(src, out)).toEqual({
      removed: ['        "a": { "env": { "K": "v1", "L": "v2" } } // trailing'],
      added: ['        "a": { "env": { "K": "${env:K}", "L": "v2" } } // trailing'],
    });
  });
  it('detects tabs and 4 spaces', () => {
    expect(formatting(src)).toMatchObject({ insertSpaces: true, tabSize: 4 });
    expect(formatting('{\n\t"a": 1\n}')).toMatchObject({ insertSpaces: false });
  });
  it('finds values, not keys', () => {
    expect(findStrings('{"v1": "v1"}', 'v1')).toEqual([['v1']]);
  });
});

describe('toml edits', () => {
  const src = '# head\n[a]\nx = 1 # c\nenv = { K = "s,1", L = "2" }\n\n[b]\ny = 2\n';
  it('removes one inline-table entry (a comma inside a string is not a separator)', () => {
    const at = src.indexOf('s,1');
    const out = removeEntryAt(src, at);
    expect(lineDelta(src, out)).toEqual({ removed: ['env = { K = "s,1", L = "2" }'], added: ['env = { L = "2" }'] });
    expect(parseToml(out)).toEqual({ a: { x: 1, env: { L: '2' } }, b: { y: 2 } });
  });
  it('appends to a table body before the blank line that ends it', () => {
    const t = tables(src).find((x) => x.path.join('.') === 'a')!;
    const out = appendLine(src, t, 'z = 3');
    expect(out).toBe('# head\n[a]\nx = 1 # c\nenv = { K = "s,1", L = "2" }\nz = 3\n\n[b]\ny = 2\n');
  });
});

describe('source tokenizer', () => {
  it('skips comments and regex literals, finds the literal and the name it is bound to', () => {
    const js = "// 'no'\nconst re = /'x'/g; const API_KEY = 'abc-secret-1';\n";
    const strings = tokenize(js, 'js').filter((t) => t.kind === 'string');
    expect(strings.map((t) => js.slice(t.start, t.end))).toEqual(["'abc-secret-1'"]);
    expect(findLiteral(js, 'js', 'abc-secret-1')?.name).toBe('API_KEY');
  });
  it('understands Python prefixes, triple quotes and # comments', () => {
    const py = 'x = "#not comment"  # "no"\ny = rb"""a\nb"""\nz = f\'{a}tok\'\n';
    const s = tokenize(py, 'py').filter((t) => t.kind === 'string').map((t) => py.slice(t.start, t.end));
    expect(s).toEqual(['"#not comment"', 'rb"""a\nb"""', "f'{a}tok'"]);
  });
  it('adds import os after __future__ imports and keeps an existing one', () => {
    expect(ensurePythonImport('from __future__ import annotations\nimport sys\n')).toBe('from __future__ import annotations\nimport os\nimport sys\n');
    expect(ensurePythonImport('import sys, os\n')).toBe('import sys, os\n');
    expect(ensurePythonImport('"""Doc."""\nx = 1\n')).toBe('"""Doc."""\nimport os\nx = 1\n');
  });
});

describe('unifiedDiff', () => {
  it('prints hunks with context and -/+ lines', () => {
    const a = 'a\nb\nc\nd\ne\nf\ng\nh\n';
    const b = 'a\nb\nc\nD\ne\nf\ng\nh\n';
    expect(unifiedDiff('x', a, b)).toBe('--- a/x\n+++ b/x\n@@ -1,7 +1,7 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n');
    expect(unifiedDiff('x', null, 'n\n')).toBe('--- /dev/null\n+++ b/x\n@@ -0,0 +1,1 @@\n+n\n');
    expect(unifiedDiff('x', a, a)).toBe('');
  });
});
