// GitHubPort over the GitHub App: App JWT -> installation tokens narrowed per job (cached by
// @octokit/auth-app), @octokit/rest with throttling and retry, check runs with annotations in
// batches of 50, SARIF (gzip + base64) to code scanning.
import { gzipSync } from 'node:zlib';
import { App } from '@octokit/app';
import { Octokit } from '@octokit/rest';
import { throttling } from '@octokit/plugin-throttling';
import { retry } from '@octokit/plugin-retry';
import type { Finding, ScanReport } from '../core/types.ts';
import { PermanentError, TransientError } from '../core/errors.ts';
import { formatSarif } from '../report/sarif.ts';
import type { Annotation, Repo } from '../queue/schemas.ts';
import type { AlertSecret, CheckReport, GitHubPort } from './ports.ts';

export interface GitHubAppOptions {
  appId: string;
  privateKey: string;
  /** REST base, e.g. https://api.github.com or an emulator. */
  baseUrl: string;
  /** Git base, e.g. https://github.com. */
  gitUrl: string;
  /** Retries off in tests that assert exact call counts. */
  retries?: number;
}

const Kit = Octokit.plugin(throttling, retry);

function typed(err: unknown, what: string): never {
  const status = (err as { status?: number }).status;
  if (status === 404 || status === 403 || status === 422 || status === 401) throw new PermanentError(`${what}: HTTP ${status}`);
  throw new TransientError(`${what}: ${status ? `HTTP ${status}` : 'unreachable'}`);
}

export function annotationMessage(a: Annotation): string {
  return `${a.name} ${a.redacted}${a.reused ? ' (reused: seen elsewhere in the organisation)' : ''}. Fingerprint ${a.fingerprint.slice(0, 16)}. Rotate it and move to a request-time credential.`;
}

export function toFindings(annotations: Annotation[]): ScanReport {
  const findings: Finding[] = annotations.map((a) => ({
    detector: a.detector, name: a.name, path: a.path, line: a.line, column: 1, endLine: a.endLine, endColumn: 1,
    fingerprint: a.fingerprint, redacted: a.redacted, lifetime: 'static', validated: false, source: 'git',
  }));
  return { findings, stats: { files: 0, bytes: 0, skipped: 0, errors: 0, findings: findings.length, durationMs: 0 }, problems: [] };
}

export function githubAppPort(o: GitHubAppOptions): GitHubPort {
  const app = new App({
    appId: o.appId,
    privateKey: o.privateKey,
    Octokit: Kit.defaults({
      baseUrl: o.baseUrl,
      throttle: { onRateLimit: (_s: number, _o: unknown, _k: unknown, n: number) => n < 2, onSecondaryRateLimit: (_s: number, _o: unknown, _k: unknown, n: number) => n < 1 },
      retry: { retries: o.retries ?? 3 },
    }),
  });
  const kits = new Map<number, Promise<InstanceType<typeof Kit>>>();
  const kit = (id: number) => {
    let k = kits.get(id);
    if (!k) kits.set(id, (k = app.getInstallationOctokit(id) as unknown as Promise<InstanceType<typeof Kit>>));
    return k;
  };

  return {
    async token(installationId, scope) {
      try {
        const auth = (await app.octokit.auth({ type: 'installation', installationId, repositoryIds: scope.repositoryIds, permissions: scope.permissions })) as { token: string };
        return auth.token;
      } catch (err) {
        typed(err, `installation ${installationId} token`);
      }
    },
    cloneUrl: (r: Repo) => `${o.gitUrl.replace(/\/+$/, '')}/${encodeURIComponent(r.owner)}/${encodeURIComponent(r.name)}.git`,
    async listRepos(installationId) {
      try {
        const k = await kit(installationId);
        const repos = await k.paginate(k.rest.apps.listReposAccessibleToInstallation, { per_page: 100 });
        return (repos as unknown as { id: number; name: string; owner: { login: string }; default_branch?: string; private?: boolean }[]).map((r) => ({
          id: r.id, owner: r.owner.login, name: r.name, ...(r.default_branch ? { defaultBranch: r.default_branch } : {}), ...(r.private !== undefined ? { private: r.private } : {}),
        }));
      } catch (err) {
        typed(err, `installation ${installationId} repositories`);
      }
    },
    async headSha(installationId, repo) {
      const k = await kit(installationId);
      try {
        const branch = repo.defaultBranch ?? (await k.rest.repos.get({ owner: repo.owner, repo: repo.name })).data.default_branch;
        return (await k.rest.repos.getBranch({ owner: repo.owner, repo: repo.name, branch })).data.commit.sha;
      } catch (err) {
        const s = (err as { status?: number }).status;
        if (s === 404 || s === 409) return undefined; // empty repository
        typed(err, `${repo.owner}/${repo.name} head`);
      }
    },
    async runLogs(installationId, repo, runId, attempt) {
      const k = await kit(installationId);
      try {
        const res = await k.rest.actions.downloadWorkflowRunAttemptLogs({ owner: repo.owner, repo: repo.name, run_id: runId, attempt_number: attempt });
        return Buffer.from(res.data as ArrayBuffer);
      } catch (err) {
        typed(err, `run ${runId} logs`);
      }
    },
    async alert(installationId, repo, n): Promise<AlertSecret | undefined> {
      const k = await kit(installationId);
      try {
        const a = (await k.rest.secretScanning.getAlert({ owner: repo.owner, repo: repo.name, alert_number: n })).data;
        if (!a.secret) return undefined;
        const locs = await k.paginate(k.rest.secretScanning.listLocationsForAlert, { owner: repo.owner, repo: repo.name, alert_number: n, per_page: 100 });
        const locations = (locs as { type?: string; details?: { path?: string; start_line?: number; commit_sha?: string } }[])
          .filter((l) => l.type === 'commit' && l.details?.path)
          .map((l) => ({ path: l.details!.path!, ...(l.details!.start_line ? { line: l.details!.start_line } : {}), ...(l.details!.commit_sha ? { commit: l.details!.commit_sha } : {}) }));
        return { secret: a.secret, secretType: a.secret_type ?? 'unknown', locations };
      } catch (err) {
        if ((err as { status?: number }).status === 404) return undefined;
        typed(err, `alert ${n}`);
      }
    },
    async report(installationId, repo, headSha, r: CheckReport) {
      const k = await kit(installationId);
      const base = { owner: repo.owner, repo: repo.name };
      const anns = r.annotations.map((a) => ({
        path: a.path, start_line: a.line, end_line: a.endLine, annotation_level: 'failure' as const, title: `keyshift: ${a.name}`, message: annotationMessage(a),
      }));
      const title = anns.length ? `${anns.length} secret(s) found` : 'No secrets found';
      try {
        const created = await k.rest.checks.create({
          ...base, name: 'keyshift', head_sha: headSha, status: 'completed', conclusion: anns.length ? 'failure' : 'success',
          output: { title, summary: r.summary, annotations: anns.slice(0, 50) },
        });
        for (let i = 50; i < anns.length; i += 50) {
          await k.rest.checks.update({ ...base, check_run_id: created.data.id, output: { title, summary: r.summary, annotations: anns.slice(i, i + 50) } });
        }
        if (anns.length && r.ref) {
          const sarif = gzipSync(formatSarif(toFindings(r.annotations))).toString('base64');
          // Code scanning may be off for the repository (403/404): the check run still stands.
          await k.rest.codeScanning.uploadSarif({ ...base, commit_sha: headSha, ref: r.ref, sarif, tool_name: 'keyshift' }).catch((e: { status?: number }) => {
            if (e.status !== 403 && e.status !== 404) throw e;
          });
        }
      } catch (err) {
        typed(err, `${repo.owner}/${repo.name} check run`);
      }
    },
  };
}
