import { describe, expect, it } from 'vitest';
import { rewriteWorkflow } from './index.ts';
import { workflowErrors } from '../../../test/remediators/helpers.ts';

describe('pypi-trusted-publishing', () => {
  it('turns a one-line twine upload that lost its token into the publish action', async () => {
    const src = 'on: push\njobs:\n  p:\n    runs-on: x\n    steps:\n      - run: twine upload dist/*\n        env:\n          TWINE_USERNAME: __token__\n          TWINE_PASSWORD: ${{ secrets.PYPI }}\n';
    const out = rewriteWorkflow(src)!;
    expect(out.text).toBe('on: push\njobs:\n  p:\n    runs-on: x\n    permissions:\n      id-token: write\n      contents: read\n    steps:\n      - uses: pypa/gh-action-pypi-publish@release/v1\n');
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });
});
