// The GitHub layer: App auth, Octokit, webhooks, check runs, SARIF, git data and PR primitives.
export { githubBaseUrl, DEFAULT_GITHUB_URL } from './config.ts';
export { createOctokit, type GithubClient, type OctokitOptions } from './octokit.ts';
export { githubApp, GithubApp, gitAuthEnv, gitEnv, gitWithToken, type TokenScope, type InstallationToken } from './app.ts';
export { githubError, mapGithubErrors, retryAfterMs, WorkflowPermissionError, isWorkflowRefusal } from './errors.ts';
export { verifyWebhook, MAX_WEBHOOK_BYTES, type WebhookVerdict } from './webhooks.ts';
export { reportCheckRun, annotationFor, ANNOTATION_BATCH, type CheckFinding, type RepoRef } from './checks.ts';
export { uploadSarif, encodeSarif } from './sarif.ts';
export { commitFiles, branchSha, type FileChange, type CommitResult } from './git-data.ts';
export { findPullByHead, openOrUpdatePull, openIssue, comment, type PullSummary, type PullOutcome } from './pulls.ts';
