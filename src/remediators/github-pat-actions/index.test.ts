import { describe, expect, it } from 'vitest';
import { neededPermissions, rewriteWorkflow } from './index.ts';
import { fake, workflowErrors } from '../../../test/remediators/helpers.ts';

describe('github-pat-actions', () => {
  it('infers least permissions from what the steps do', async () => {
    expect(neededPermissions('["gh pr create --fill"]')).toEqual({ contents: 'read', 'pull-requests': 'write' });
    expect(neededPermissions('["git push origin HEAD"]')).toEqual({ contents: 'write' });
    expect(neededPermissions('["docker push ghcr.io/o/i"]')).toEqual({ contents: 'read', packages: 'write' });
  });

  it('replaces a token inside a run script and at workflow level', async () => {
    const t = fake.ghp();
    const src = `on: push\nenv:\n  TOKEN: ${t}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: git clone https://x:${t}@github.com/o/r\n`;
    const out = rewriteWorkflow(src, [t])!;
    expect(out.text).not.toContain(t);
    expect(out.text).toContain('https://x:${{ secrets.GITHUB_TOKEN }}@github.com/o/r');
    expect(out.text).toContain('  TOKEN: ${{ secrets.GITHUB_TOKEN }}');
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });
});
