import { describe, expect, it } from 'vitest';
import { rewriteSource } from './rewrite.ts';
import { findingIn } from '../../../test/remediators/helpers.ts';

const T = 'tok_ABCDEFGHIJKLMNOP1234567890';
const run = (path: string, text: string, lang: 'js' | 'py') => rewriteSource(text, lang, [findingIn(path, text, T, 'slack-bot-token', 'slack')]);

describe('source-literal', () => {
  it('keeps text around the secret in the same literal', async () => {
    expect(run('a.js', `fetch(u, { headers: { Authorization: "Bearer ${T}" } });\n`, 'js').text).toBe('fetch(u, { headers: { Authorization: "Bearer " + process.env.SLACK_BOT_TOKEN } });\n');
    expect(run('a.py', `h = f"Bearer ${T}"\n`, 'py').text).toBe(`import os\nh = f"Bearer {os.environ['SLACK_BOT_TOKEN']}"\n`);
  });

  it('uses the SCREAMING_CASE name the literal is bound to', async () => {
    expect(run('a.py', `import os\nSLACK_BOT = '${T}'  # bot\n`, 'py').text).toBe(`import os\nSLACK_BOT = os.environ["SLACK_BOT"]  # bot\n`);
  });

  it('leaves the same value inside a comment alone', async () => {
    const out = run('a.ts', `// old: ${T}\nconst k = '${T}';\n`, 'js').text;
    expect(out).toBe(`// old: ${T}\nconst k = process.env.SLACK_BOT_TOKEN;\n`);
  });
});
