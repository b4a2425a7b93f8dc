import { describe, expect, it } from 'vitest';
import { rewriteWorkflow } from './index.ts';
import { workflowErrors } from '../../../test/remediators/helpers.ts';

describe('azure-actions-oidc', () => {
  it('a bare AZURE_CLIENT_SECRET env gets an azure/login OIDC step in the job that uses az', async () => {
    const src = 'on: push\njobs:\n  a:\n    runs-on: x\n    env:\n      AZURE_CLIENT_SECRET: abc8Q~0123456789abcdefghijklmnopqrstuvw\n    steps:\n      - uses: actions/checkout@v4\n      - run: az group list\n';
    const out = rewriteWorkflow(src)!;
    expect(out.text).not.toContain('8Q~');
    expect(out.text).toContain('      - uses: azure/login@v2\n        with:\n          client-id: ${{ vars.AZURE_CLIENT_ID }}\n');
    expect(out.text.indexOf('azure/login')).toBeGreaterThan(out.text.indexOf('actions/checkout'));
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });
});
