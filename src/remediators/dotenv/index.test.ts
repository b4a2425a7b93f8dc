import { describe, expect, it } from 'vitest';
import { dotenv, exampleOf, isDotenv } from './index.ts';
import { findingIn, memReader } from '../../../test/remediators/helpers.ts';

describe('dotenv', () => {
  it('recognises env files but not their templates', async () => {
    expect(['.env', 'app/.env.local', 'prod.env', '.env.production'].map(isDotenv)).toEqual([true, true, true, true]);
    expect(['.env.example', '.env.sample', 'app/.env.template', 'env.ts'].map(isDotenv)).toEqual([false, false, false, false]);
  });

  it('empties values but keeps comments, blank lines and order', async () => {
    expect(exampleOf('# c\nA=1\n\nexport B="x y"\r\nC\n')).toBe('# c\nA=\n\nexport B=\r\n\n');
  });

  it('keeps an existing example and a .gitignore that already covers the file', async () => {
    const text = 'K=sekrit-value-123456\n';
    const f = findingIn('.env', text, 'sekrit-value-123456', 'generic-secret', 'generic');
    const set = await dotenv.plan([f], memReader({ '.env': text, '.env.example': 'K=\n', '.gitignore': '.env*\n!.env.example\n' }));
    expect(set!.files).toEqual([{ path: '.env', content: null }]);
  });
});
