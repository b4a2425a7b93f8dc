// Property tests: config walkers (JSON/JSONC, YAML, TOML, dotenv), MCP/agent configs and the
// format-preserving editors' readers never throw an untyped error and stay under a time bound.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { configValues, type ConfigFormat } from '../../src/sources/structured.ts';
import { agentConfigChunks } from '../../src/sources/agent-config.ts';
import { tree, findStrings, JsoncEditError } from '../../src/edit/jsonc.ts';
import { tables, TomlEditError } from '../../src/edit/toml.ts';
import { tokenize } from '../../src/edit/source.ts';
import { RUNS, tolerant } from './fuzz.ts';

// Text made of the characters these grammars care about, so inputs get past the first byte.
const SYNTAX = [...'{}[]":,\'=#/*\n\r\t \\-.|>&!?%@`~$', 'true', 'null', '"env"', '"API_KEY"', 'sk-', '${', '}}', '[[', ']]', '---', '- ', ': ', '0x', '1e9'];
const syntaxy = fc.array(fc.oneof(fc.constantFrom(...SYNTAX), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 120 }).map((a) => a.join(''));
const anyText = fc.oneof(syntaxy, fc.string({ unit: 'binary', maxLength: 300 }), fc.json().map((j) => j.slice(0, 400)));

/** A JSON document mutated by cutting, duplicating or inserting syntax at random places. */
const mutatedJson = fc.tuple(fc.json({ maxDepth: 4 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...SYNTAX), fc.boolean()), { maxLength: 5 })).map(([j, muts]) => {
  let s = j;
  for (const [at, ins, cut] of muts) {
    const i = s.length ? at % s.length : 0;
    s = cut ? s.slice(0, i) + s.slice(i + 1) : s.slice(0, i) + ins + s.slice(i);
  }
  return s;
});

const MCP_PATHS = ['.vscode/mcp.json', '.cursor/mcp.json', 'claude_desktop_config.json', '.mcp.json', '.codex/config.toml', '.continue/config.yaml', '.env', '.gemini/settings.json'];

describe('fuzz: config walkers', () => {
  for (const format of ['json', 'yaml', 'toml', 'dotenv', 'ini'] as ConfigFormat[]) {
    it(`configValues(${format}) never throws untyped errors, values point into the text`, () => {
      fc.assert(
        fc.property(fc.oneof(anyText, mutatedJson), (text) => {
          const r = tolerant(() => configValues(format, text));
          if (Array.isArray(r)) for (const v of r) expect(v.start).toBeLessThanOrEqual(text.length);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('agentConfigChunks over MCP/agent config paths: chunks or a typed error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...MCP_PATHS), fc.oneof(anyText, mutatedJson), (path, text) => {
        const r = tolerant(() => agentConfigChunks(path, text));
        if (r && 'chunks' in r) for (const c of r.chunks) expect(c.lineOffset).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: RUNS },
    );
  });

  it('JSONC tree/findStrings and TOML tables throw only their typed edit errors', () => {
    fc.assert(
      fc.property(fc.oneof(anyText, mutatedJson), fc.string({ maxLength: 8 }), (text, needle) => {
        tolerant(() => tree(text), 500, [JsoncEditError]);
        tolerant(() => findStrings(text, needle || 'x'), 500, [JsoncEditError]);
        tolerant(() => tables(text), 500, [TomlEditError]);
      }),
      { numRuns: RUNS },
    );
  });

  it('source tokenizer (js, py) is total and linear on hostile text', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        tolerant(() => tokenize(text, 'js'));
        tolerant(() => tokenize(text, 'py'));
      }),
      { numRuns: RUNS },
    );
    // Unterminated strings/comments repeated: still bounded.
    const hostile = '"\\'.repeat(20_000) + '/*'.repeat(20_000) + "'''".repeat(10_000);
    tolerant(() => tokenize(hostile, 'js'), 1500);
    tolerant(() => tokenize(hostile, 'py'), 1500);
  });
});
