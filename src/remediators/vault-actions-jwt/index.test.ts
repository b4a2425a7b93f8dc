import { describe, expect, it } from 'vitest';
import { rewriteWorkflow } from './index.ts';
import { workflowErrors } from '../../../test/remediators/helpers.ts';

describe('vault-actions-jwt', () => {
  it('takes the Vault URL from a repository variable when VAULT_ADDR is not a literal https URL', async () => {
    const src = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: vault kv get secret/x\n        env:\n          VAULT_ADDR: ${{ secrets.ADDR }}\n          VAULT_TOKEN: hvs.x9goyUPRvkM54gCPYqqkvOvn\n';
    const out = rewriteWorkflow(src)!;
    expect(out.text).toContain('url: ${{ vars.VAULT_ADDR }}');
    expect(out.text).toContain('method: jwt');
    expect(out.text).not.toContain('hvs.');
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });
});
