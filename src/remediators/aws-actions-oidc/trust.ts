// IAM trust policy for a GitHub OIDC role, pinned to one repository and branch.
import type { RepoReader } from '../types.ts';

export function repoSlug(repo: RepoReader): { owner: string; repo: string; branch: string; sub: string } {
  const s = repo.slug;
  const owner = s?.owner ?? '<OWNER>';
  const name = s?.repo ?? '<REPO>';
  const branch = s?.defaultBranch ?? 'main';
  return { owner, repo: name, branch, sub: `repo:${owner}/${name}:ref:refs/heads/${branch}` };
}

export function trustPolicy(account: string, sub: string): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${account}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            StringEquals: { 'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com' },
            StringLike: { 'token.actions.githubusercontent.com:sub': sub },
          },
        },
      ],
    },
    null,
    2,
  );
}
