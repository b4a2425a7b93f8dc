// GitHubPort over the GitHub App layer (src/github): installation tokens narrowed per job and
// cached, Octokit with throttling and retry, check runs in batches of 50, SARIF upload.
// Heads are read with `git ls-remote` (smart HTTP) so enumeration costs no REST budget.
import { githubApp, type GithubApp } from '../github/app.ts';
import { reportCheckRun } from '../github/checks.ts';
import { uploadSarif } from '../github/sarif.ts';
import { mapGithubErrors } from '../github/errors.ts';
import { openRemediationPull } from '../github/pull-request.ts';
import type { RevocationLedger } from '../audit/ledger.ts';
import type { Finding, ScanReport } from '../core/types.ts';
import { formatSarif } from '../report/sarif.ts';
import type { Annotation, Repo } from '../queue/schemas.ts';
import { git } from './git.ts';
import type { AlertSecret, CheckReport, GitHubPort } from './ports.ts';

export interface GitHubAppOptions {
  appId: string;
  privateKey: string;
  /** REST base, e.g. https://api.github.com or an emulator. */
  baseUrl: string;
  /** Git base, e.g. https://github.com. */
  gitUrl: string;
  /** Spacing of writes per installation; GitHub asks for 1000 ms. */
  writeIntervalMs?: number;
  /** Revocation facts for the PR body's "revoked" section. */
  ledger?: Pick<RevocationLedger, 'revocation'>;
  /** The App may edit .github/workflows (workflows: write). */
  workflowsPermission?: boolean;
}

export function toReport(annotations: Annotation[]): ScanReport {
  const findings: Finding[] = annotations.map((a) => ({
    detector: a.detector, name: a.name, path: a.path, line: a.line, column: 1, endLine: a.endLine, endColumn: 1,
    fingerprint: a.fingerprint, redacted: a.redacted, lifetime: 'static', validated: false, source: 'git',
  }));
  return { findings, stats: { files: 0, bytes: 0, skipped: 0, errors: 0, findings: findings.length, durationMs: 0 }, problems: [] };
}

export function githubAppPort(o: GitHubAppOptions, app: GithubApp = githubApp({ appId: o.appId, privateKey: o.privateKey, baseUrl: o.baseUrl, writeIntervalMs: o.writeIntervalMs })): GitHubPort {
  const read = (id: number, repo?: Repo) => app.installationOctokit(id, { ...(repo ? { repositoryIds: [repo.id] } : {}), permissions: { metadata: 'read', contents: 'read' } });
  const cloneUrl = (r: Repo) => `${o.gitUrl.replace(/\/+$/, '')}/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.name)}.git`;
  return {
    async token(installationId, scope) {
      return (await app.token(installationId, scope)).token;
    },
    cloneUrl,
    async listRepos(installationId) {
      const k = await read(installationId);
      return mapGithubErrors(`list repositories of installation ${installationId}`, async () => {
        const repos = await k.paginate(k.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
        return (repos as unknown as { id: number; name: string; owner: { login: string }; default_branch?: string; private?: boolean }[]).map((r) => ({
          id: r.id, owner: r.owner.login, name: r.name, ...(r.default_branch ? { defaultBranch: r.default_branch } : {}), ...(r.private !== undefined ? { private: r.private } : {}),
        }));
      });
    },
    async headSha(installationId, repo) {
      const token = (await app.token(installationId, { permissions: { contents: 'read', metadata: 'read' } })).token;
      const ref = repo.defaultBranch ? `refs/heads/${repo.defaultBranch}` : 'HEAD';
      const out = (await git(['ls-remote', '--', cloneUrl(repo), ref], { auth: { token } })).toString();
      return /^([0-9a-f]{40,64})\t/m.exec(out)?.[1]; // none: empty repository
    },
    async runLogs(installationId, repo, runId) {
      const k = await app.installationOctokit(installationId, { repositoryIds: [repo.id], permissions: { actions: 'read', metadata: 'read' } });
      return mapGithubErrors(`download logs of run ${runId}`, async () => {
        const res = await k.rest.actions.downloadWorkflowRunLogs({ owner: repo.owner, repo: repo.name, run_id: runId });
        return Buffer.from(res.data as ArrayBuffer);
      });
    },
    async alert(installationId, repo, n): Promise<AlertSecret | undefined> {
      const k = await app.installationOctokit(installationId, { repositoryIds: [repo.id], permissions: { secret_scanning_alerts: 'read', metadata: 'read' } });
      return mapGithubErrors(`read secret scanning alert ${n}`, async () => {
        const a = (await k.rest.secretScanning.getAlert({ owner: repo.owner, repo: repo.name, alert_number: n })).data;
        if (!a.secret) return undefined;
        const locs = await k.paginate(k.rest.secretScanning.listLocationsForAlert, { owner: repo.owner, repo: repo.name, alert_number: n, per_page: 100 });
        const locations = (locs as { type?: string; details?: { path?: string; start_line?: number; commit_sha?: string } }[])
          .filter((l) => l.type === 'commit' && l.details?.path)
          .map((l) => ({ path: l.details!.path!, ...(l.details!.start_line ? { line: l.details!.start_line } : {}), ...(l.details!.commit_sha ? { commit: l.details!.commit_sha } : {}) }));
        return { secret: a.secret, secretType: a.secret_type ?? 'unknown', locations };
      });
    },
    async report(installationId, repo, headSha, r: CheckReport) {
      const k = await app.installationOctokit(installationId, { repositoryIds: [repo.id], permissions: { checks: 'write', security_events: 'write', metadata: 'read' } });
      const ref = { owner: repo.owner, repo: repo.name };
      await reportCheckRun(k, ref, headSha, r.annotations, { summary: r.summary });
      if (r.annotations.length && r.ref) {
        // Code scanning may be off for the repository: the check run still stands.
        await uploadSarif(k, ref, r.ref, headSha, formatSarif(toReport(r.annotations))).catch((e: Error) => {
          if (!/GitHub (403|404)/.test(e.message)) throw e;
        });
      }
    },
    async openPull(installationId, repo, set, secrets) {
      const permissions: Record<string, 'read' | 'write'> = { contents: 'write', pull_requests: 'write', issues: 'write', metadata: 'read', ...(o.workflowsPermission ? { workflows: 'write' as const } : {}) };
      const k = await app.installationOctokit(installationId, { repositoryIds: [repo.id], permissions });
      const r = await openRemediationPull(k, { owner: repo.owner, repo: repo.name, ...(repo.defaultBranch ? { base: repo.defaultBranch } : {}) }, set, {
        secrets, workflowsPermission: !!o.workflowsPermission, ...(o.ledger ? { ledger: o.ledger } : {}),
      });
      return { action: r.action, ...(r.number !== undefined ? { number: r.number } : {}) };
    },
  };
}
