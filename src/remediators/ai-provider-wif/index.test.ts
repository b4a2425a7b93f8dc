import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { aiProviderWif, rewriteWorkflow } from './index.ts';
import { findingIn, memReader, workflowErrors } from '../../../test/remediators/helpers.ts';

const ANT = 'sk-ant-api03-' + 'a1B2c3D4e5'.repeat(9) + 'xyzAA';

describe('ai-provider-wif', () => {
  it('Anthropic in a workflow input: jwt-bearer exchange step, input reads the exported token', async () => {
    const src = `on: pull_request\njobs:\n  review:\n    runs-on: x\n    steps:\n      - uses: anthropics/claude-code-action@v1\n        with:\n          anthropic_api_key: ${ANT}\n`;
    const out = rewriteWorkflow(src, [{ provider: 'anthropic', secret: ANT }])!;
    expect(out.text).not.toContain(ANT);
    const wf = parse(out.text);
    expect(wf.jobs.review.permissions).toEqual({ 'id-token': 'write', contents: 'read' });
    expect(wf.jobs.review.steps[0].run).toContain('urn:ietf:params:oauth:grant-type:jwt-bearer');
    expect(wf.jobs.review.steps[0].run).toContain('ANTHROPIC_AUTH_TOKEN=$token');
    expect(wf.jobs.review.steps[1].with.anthropic_api_key).toBe('${{ env.ANTHROPIC_AUTH_TOKEN }}');
    expect(await workflowErrors('w.yml', out.text)).toEqual([]);
  });

  it('TypeScript agent code: apiKey -> authToken read at run time', async () => {
    const text = `import Anthropic from '@anthropic-ai/sdk';\nexport const client = new Anthropic({ apiKey: '${ANT}' });\n`;
    const set = await aiProviderWif.plan([findingIn('src/agent.ts', text, ANT, 'anthropic-api-key', 'anthropic')], memReader({ 'src/agent.ts': text }));
    expect(set!.files[0]!.content).toBe(`import Anthropic from '@anthropic-ai/sdk';\nexport const client = new Anthropic({ authToken: process.env.ANTHROPIC_AUTH_TOKEN });\n`);
    expect(set!.body.todo.join('\n')).toContain('https://api.anthropic.com/v1/oauth/token');
  });
});
