// Before/after fixtures for every remediator: test/fixtures/remediation/<remediator>/<case>/.
// Set KEYSHIFT_UPDATE_FIXTURES=1 to (re)write after/ from the current output, then review the diff.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import { parse as parseJsonc, type ParseError } from 'jsonc-parser';
import { planRepo, remediatorFor, remediators } from '../../src/remediators/index.ts';
import { findingIn, memReader, workflowErrors } from './helpers.ts';
import type { Finding } from '../../src/core/types.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'remediation');
const SLUG = { owner: 'example-org', repo: 'shop', defaultBranch: 'main' };
const UPDATE = process.env.KEYSHIFT_UPDATE_FIXTURES === '1';

function readTree(dir: string, base = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (!existsSync(dir)) return out;
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const rel = base ? `${base}/${e}` : e;
    if (statSync(p).isDirectory()) Object.assign(out, readTree(p, rel));
    else out[rel] = readFileSync(p, 'utf8');
  }
  return out;
}

interface Case {
  findings: { path: string; detector: string; issuer: string; secret: string; config?: Finding['config'] }[];
}

async function parses(path: string, text: string): Promise<string[]> {
  if (path.startsWith('.github/workflows/')) return workflowErrors(path, text);
  if (path.endsWith('.json')) {
    const errors: ParseError[] = [];
    parseJsonc(text, errors, { allowTrailingComma: true });
    return errors.map((e) => `json error ${e.error} at ${e.offset}`);
  }
  if (path.endsWith('.yaml') || path.endsWith('.yml')) {
    try { parseYaml(text); } catch (e) { return [String(e)]; }
  }
  if (path.endsWith('.toml')) {
    try { parseToml(text); } catch (e) { return [String(e)]; }
  }
  return [];
}

const cases = remediators.flatMap((r) => {
  const dir = join(ROOT, r.id);
  return existsSync(dir) ? readdirSync(dir).map((c) => [r.id, c] as const) : [];
});

describe('remediation fixtures', () => {
  it('the workflow check can fail: the GitHub parser rejects an unknown permission and a step without uses/run', async () => {
    expect(await workflowErrors('w.yml', 'on: push\npermissions:\n  id-tokens: write\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n')).not.toEqual([]);
    expect(await workflowErrors('w.yml', 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - with:\n          k: v\n')).not.toEqual([]);
  });

  it('every remediator has at least one fixture', () => {
    for (const r of remediators) expect(cases.some(([id]) => id === r.id), r.id).toBe(true);
  });

  it.each(cases)('%s / %s', async (id, name) => {
    const dir = join(ROOT, id, name);
    const spec = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as Case;
    const before = readTree(join(dir, 'before'));
    const findings = spec.findings.map((f) => findingIn(f.path, before[f.path]!, f.secret, f.detector, f.issuer, f.config));
    for (const f of findings) expect(remediatorFor(f)?.id, `${f.path} ${f.detector}`).toBe(id);

    const plan = await planRepo(findings, memReader(before, SLUG));
    expect(plan.errors).toEqual([]);
    const set = plan.combined!;
    expect(set.remediators).toEqual([id]);

    const after: Record<string, string> = { ...before };
    for (const f of set.files) {
      if (f.content === null) delete after[f.path];
      else after[f.path] = f.content;
    }
    if (UPDATE) {
      rmSync(join(dir, 'after'), { recursive: true, force: true });
      for (const [p, t] of Object.entries(after)) {
        mkdirSync(dirname(join(dir, 'after', p)), { recursive: true });
        writeFileSync(join(dir, 'after', p), t);
      }
    }
    expect(after).toEqual(readTree(join(dir, 'after')));

    // Generated files parse (workflows by GitHub's own parser), and no secret survives anywhere.
    const secrets = spec.findings.map((f) => f.secret);
    for (const f of set.files) {
      if (f.content === null) continue;
      expect(await parses(f.path, f.content), f.path).toEqual([]);
      for (const s of secrets) expect(f.content.includes(s), `secret left in ${f.path}`).toBe(false);
    }
    const text = JSON.stringify({ title: set.title, body: set.body, id: set.id });
    for (const s of secrets) expect(text.includes(s)).toBe(false);
    expect(set.body.found.length).toBeGreaterThan(0);
    expect(set.body.changed.length).toBeGreaterThan(0);
    expect(set.body.todo.length).toBeGreaterThan(0);
  });
});
