// Rewrites secret literals in TS/JS/Python source: AWS keys go (the SDK default credential chain takes
// over), other literals become an environment read at the place of use.
import type { Finding } from '../../core/types.ts';
import { secretOf } from '../../core/secret.ts';
import { applyTextEdits, offsetOf, type TextEdit } from '../../edit/text.ts';
import { enclosing, ensurePythonImport, findLiteral, literalEdit, matching, removalRange, type Lang } from '../../edit/source.ts';
import { envNameFor, isIssuer } from '../shared/match.ts';

const AWS_JS = new Set(['accessKeyId', 'secretAccessKey', 'sessionToken']);
const AWS_PY = new Set(['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token']);

export interface SourceOptions {
  /** Override the env name and rename the bound parameter (e.g. Anthropic api_key -> auth_token). */
  choose?(f: Finding, boundName: string | undefined, lang: Lang): { env: string; rename?: string } | undefined;
}

export interface SourceResult {
  text: string;
  envs: string[];
  chain: boolean;
}

const screaming = (s: string | undefined) => (s && /^[A-Z][A-Z0-9_]{2,}$/.test(s) ? s : undefined);

export function rewriteSource(text: string, lang: Lang, findings: Finding[], opts: SourceOptions = {}): SourceResult {
  let out = text;
  const envs = new Set<string>();
  let chain = false;
  for (const f of findings) {
    const secret = secretOf(f);
    if (!secret) continue;
    const site = findLiteral(out, lang, secret, offsetOf(out, f.line, f.column));
    if (!site) continue;
    const { tokens, index } = site;
    const s = (i: number) => (tokens[i] ? out.slice(tokens[i]!.start, tokens[i]!.end) : '');
    let edit: TextEdit[] | undefined;
    if (isIssuer(f, 'aws') && site.name) {
      if (lang === 'js' && AWS_JS.has(site.name)) {
        const open = enclosing(out, tokens, index);
        if (open !== undefined && s(open) === '{' && s(open - 1) === ':' && ['credentials', "'credentials'", '"credentials"'].includes(s(open - 2))) {
          const close = matching(out, tokens, open);
          if (close !== undefined) edit = [removalRange(out, tokens, open - 2, close)];
        }
      } else if (lang === 'py' && AWS_PY.has(site.name) && s(index - 1) === '=') {
        const open = enclosing(out, tokens, index);
        if (open !== undefined && s(open) === '(') edit = [removalRange(out, tokens, index - 2, index)];
      }
      if (edit) chain = true;
    }
    if (!edit) {
      const pick = opts.choose?.(f, site.name, lang);
      const env = pick?.env ?? screaming(site.name) ?? envNameFor(f);
      edit = [literalEdit(out, lang, site, secret, env)];
      if (pick?.rename && site.nameToken?.kind === 'ident') edit.push({ start: site.nameToken.start, end: site.nameToken.end, text: pick.rename });
      envs.add(env);
    }
    out = applyTextEdits(out, edit);
  }
  if (lang === 'py' && envs.size > 0) out = ensurePythonImport(out);
  return { text: out, envs: [...envs].sort(), chain };
}
