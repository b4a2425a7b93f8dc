import { describe, expect, it } from 'vitest';
import { npmTrustedPublishing, rewriteWorkflow } from './index.ts';
import { findingIn, memReader, workflowErrors } from '../../../test/remediators/helpers.ts';

describe('npm-trusted-publishing', () => {
  it('deletes an .npmrc that held only the token', async () => {
    const tok = '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';
    const text = `//registry.npmjs.org/:_authToken=${tok}\n`;
    const set = await npmTrustedPublishing.plan([findingIn('.npmrc', text, tok, 'npm-access-token', 'npm')], memReader({ '.npmrc': text }));
    expect(set!.files).toEqual([{ path: '.npmrc', content: null }]);
  });

  it('does not add --provenance twice', async () => {
    const src = 'on: push\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: npm publish --provenance\n        env:\n          NODE_AUTH_TOKEN: ${{ secrets.NPM_TOKEN }}\n';
    const out = rewriteWorkflow(src)!;
    expect(out.text.match(/--provenance/g)).toHaveLength(1);
    expect(out.text).not.toContain('NODE_AUTH_TOKEN');
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });
});
