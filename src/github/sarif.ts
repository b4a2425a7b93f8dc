// SARIF upload to code scanning: gzip, then base64 (the API's required encoding).
import { gzipSync } from 'node:zlib';
import { PermanentError } from '../core/errors.ts';
import { mapGithubErrors } from './errors.ts';
import type { GithubClient } from './octokit.ts';
import type { RepoRef } from './checks.ts';

/** GitHub refuses SARIF over 10 MB gzipped. */
export const SARIF_MAX_GZIP = 10 * 1024 * 1024;

export function encodeSarif(sarif: string | object): string {
  const text = typeof sarif === 'string' ? sarif : JSON.stringify(sarif);
  const gz = gzipSync(Buffer.from(text, 'utf8'));
  if (gz.length > SARIF_MAX_GZIP) throw new PermanentError(`SARIF too large: ${gz.length} bytes gzipped (max ${SARIF_MAX_GZIP})`);
  return gz.toString('base64');
}

export async function uploadSarif(octokit: GithubClient, repo: RepoRef, ref: string, sha: string, sarif: string | object, toolName = 'keyshift'): Promise<{ id: string }> {
  const fullRef = ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
  const res = await mapGithubErrors(`upload SARIF to ${repo.owner}/${repo.repo}`, () => octokit.rest.codeScanning.uploadSarif({
    ...repo, ref: fullRef, commit_sha: sha, sarif: encodeSarif(sarif), tool_name: toolName,
  }));
  return { id: res.data.id ?? '' };
}
