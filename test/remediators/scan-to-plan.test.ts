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

describe('two remediators on one workflow', () => {
  it('compose: the second plans on the output of the first, one change set, valid workflow', async () => {
    const { findingIn, memReader, workflowErrors } = await import('./helpers.ts');
    const id = 'AKIA5SYNUOBJSDRDDQGZ';
    const npm = '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';
    const text = `on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${id}\n          aws-region: us-east-1\n      - run: npm publish\n        env:\n          NODE_AUTH_TOKEN: ${npm}\n`;
    const path = '.github/workflows/r.yml';
    const plan = await planRepo([findingIn(path, text, npm, 'npm-access-token', 'npm'), findingIn(path, text, id, 'aws-access-key-id', 'aws')], memReader({ [path]: text }));
    expect(plan.combined!.remediators).toEqual(['aws-actions-oidc', 'npm-trusted-publishing']);
    expect(plan.combined!.files).toHaveLength(1);
    expect(plan.combined!.files[0]!.content).toBe(`on: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n      contents: read\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: \${{ vars.AWS_ROLE_ARN }}\n          aws-region: us-east-1\n      - run: npm publish --provenance\n`);
    expect(await workflowErrors(path, plan.combined!.files[0]!.content!)).toEqual([]);
    expect(plan.unhandled).toEqual([]);
  });
});
