import { describe, expect, it } from 'vitest';
import { rewriteWorkflow, awsActionsOidc } from './index.ts';
import { trustPolicy } from './trust.ts';
import { findingIn, memReader, workflowErrors, fake } from '../../../test/remediators/helpers.ts';

describe('aws-actions-oidc', () => {
  it('adds a step with the region from env, keeps read-all as a note for a human', async () => {
    const id = fake.awsKeyId();
    const src = `on: push\npermissions: read-all\njobs:\n  d:\n    runs-on: ubuntu-latest\n    env:\n      AWS_ACCESS_KEY_ID: ${id}\n      AWS_REGION: ap-south-1\n    steps:\n      - run: aws s3 ls\n`;
    const out = rewriteWorkflow(src)!;
    expect(out.text).toContain('aws-region: ap-south-1');
    expect(out.text).not.toContain(id);
    expect(out.notes[0]).toMatch(/read-all/);
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });

  it('returns null for a workflow without AWS keys', async () => {
    expect(rewriteWorkflow('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo\n')).toBeNull();
  });

  it('puts a trust policy pinned to the repository and default branch in the body', async () => {
    const id = fake.awsKeyId();
    const text = `on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          aws-access-key-id: ${id}\n          aws-region: us-east-1\n`;
    const f = findingIn('.github/workflows/a.yml', text, id, 'aws-access-key-id', 'aws');
    const set = await awsActionsOidc.plan([f], memReader({ '.github/workflows/a.yml': text }, { owner: 'o', repo: 'r', defaultBranch: 'trunk' }));
    expect(set!.body.todo.join('\n')).toContain('"token.actions.githubusercontent.com:sub": "repo:o/r:ref:refs/heads/trunk"');
    expect(JSON.parse(trustPolicy('123456789012', 'repo:o/r:ref:refs/heads/main')).Statement[0].Condition.StringEquals).toEqual({ 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' });
  });
});
