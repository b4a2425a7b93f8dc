import { describe, expect, it } from 'vitest';
import { keyFileFacts, rewriteWorkflow } from './index.ts';
import { workflowErrors } from '../../../test/remediators/helpers.ts';

describe('gcp-actions-wif', () => {
  it('reads only non-secret identifiers from a key file', async () => {
    expect(keyFileFacts('{"type":"service_account","client_email":"a@p.iam.gserviceaccount.com","project_id":"p","private_key":"x"}')).toEqual({ email: 'a@p.iam.gserviceaccount.com', project: 'p' });
    expect(keyFileFacts('{"type":"authorized_user"}')).toBeNull();
    expect(keyFileFacts('not json')).toBeNull();
  });

  it('rewrites credentials_json and grants id-token at workflow level when permissions are set there', async () => {
    const src = 'on: push\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: google-github-actions/auth@v2\n        with:\n          credentials_json: ${{ secrets.KEY }}\n';
    const out = rewriteWorkflow(src, '${{ vars.GCP_SERVICE_ACCOUNT }}')!;
    expect(out.text).toBe('on: push\npermissions:\n  contents: read\n  id-token: write\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: google-github-actions/auth@v2\n        with:\n          workload_identity_provider: ${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}\n          service_account: ${{ vars.GCP_SERVICE_ACCOUNT }}\n');
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });
});
