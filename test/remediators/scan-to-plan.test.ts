// End to end without GitHub: the real scanner's findings on each fixture's before/ tree are routed
// and planned into exactly the reviewed after/ tree.
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scanWorkingTree } from '../../src/cli/commands/fix.ts';
import { planRepo, remediators } from '../../src/remediators/index.ts';
import { treeReader } from '../../src/remediators/reader.ts';
import { secretOf } from '../../src/core/secret.ts';

const ROOT = join(import.meta.dirname, '..', 'fixtures', 'remediation');
const SLUG = { owner: 'example-org', repo: 'shop', defaultBranch: 'main' };

function readTree(dir: string, base = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    const rel = base ? `${base}/${e}` : e;
    if (statSync(p).isDirectory()) Object.assign(out, readTree(p, rel));
    else out[rel] = readFileSync(p, 'utf8');
  }
  return out;
}

const cases = remediators.flatMap((r) => (existsSync(join(ROOT, r.id)) ? readdirSync(join(ROOT, r.id)).map((c) => [r.id, c] as const) : []));

describe('scanner findings -> plan', () => {
  it.each(cases)('%s / %s', async (id, name) => {
    const dir = join(ROOT, id, name);
    const report = await scanWorkingTree(join(dir, 'before'));
    expect(report.findings.length).toBeGreaterThan(0);
    expect(report.findings.every((f) => secretOf(f) !== undefined)).toBe(true);
    const plan = await planRepo(report.findings, treeReader(join(dir, 'before'), SLUG));
    expect(plan.errors).toEqual([]);
    expect(plan.unhandled.map((f) => `${f.detector} ${f.path}`)).toEqual([]);
    expect(plan.combined?.remediators).toEqual([id]);
    const after = readTree(join(dir, 'before'));
    for (const f of plan.combined!.files) {
      if (f.content === null) delete after[f.path];
      else after[f.path] = f.content;
    }
    expect(after).toEqual(readTree(join(dir, 'after')));
  });
});
