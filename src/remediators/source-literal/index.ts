// Secret literals in TypeScript/JavaScript/Python -> a request-time read (environment, or for AWS the
// SDK's default credential chain).
import type { Finding } from '../../core/types.ts';
import type { FileChange, Remediator, RepoReader } from '../types.ts';
import { makeChangeSet } from '../changeset.ts';
import { langOf } from '../../edit/source.ts';
import { byPath } from '../shared/match.ts';
import { rewriteSource } from './rewrite.ts';

export const sourceLiteral: Remediator = {
  id: 'source-literal',
  summary: 'Secret literals in TS/JS/Python -> environment read at run time, or the AWS SDK default credential chain',
  appliesTo: (f: Finding) => langOf(f.path) !== undefined && f.source !== 'ci-log',
  async plan(findings: Finding[], repo: RepoReader) {
    const files: FileChange[] = [];
    const changed: string[] = [];
    const envs = new Set<string>();
    let chain = false;
    for (const [path, fs] of byPath(findings)) {
      const lang = langOf(path)!;
      const text = await repo.read(path);
      if (text === null) continue;
      const out = rewriteSource(text, lang, fs);
      if (out.text === text) continue;
      files.push({ path, content: out.text });
      out.envs.forEach((e) => envs.add(e));
      chain ||= out.chain;
      const parts = [
        ...(out.chain ? ['the explicit AWS keys are removed, so the SDK default credential chain (role, SSO, env, IRSA) supplies short-lived credentials'] : []),
        ...(out.envs.length ? [`the literal is read from ${out.envs.map((e) => `\`${e}\``).join(', ')} at run time`] : []),
      ];
      changed.push(`\`${path}\`: ${parts.join('; ')}.`);
    }
    if (files.length === 0) return null;
    const todo = [
      ...(envs.size ? [`Provide ${[...envs].map((e) => `\`${e}\``).join(', ')} where the code runs (deployment secret store, CI secret, a local untracked \`.env\`), preferably filled at start-up with a short-lived credential.`] : []),
      ...(files.some((f) => /\.[mc]?tsx?$/.test(f.path)) && envs.size ? ['In TypeScript `process.env.X` is `string | undefined`: fail fast where the value is missing.'] : []),
      ...(chain ? ['Give the workload an IAM role (instance profile, ECS task role, IRSA, or GitHub OIDC in CI) instead of access keys.'] : []),
      'Rotate the exposed credential: it stays in git history.',
    ];
    return makeChangeSet('source-literal', findings, { files, title: 'keyshift: read credentials at run time instead of from source', changed, todo });
  },
};
