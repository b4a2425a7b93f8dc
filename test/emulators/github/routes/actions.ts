// Actions: workflow runs, jobs and run-log archives (302 to a zip on the emulator).
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { GithubEmulator } from '../index.ts';
import { json, notFound, type Ctx, type Router } from '../router.ts';
import { component } from '../shape.ts';
import { repository, simpleUser } from '../objects.ts';
import type { Run } from '../state.ts';
import { hasPermission, repoFor } from './apps.ts';
import { forbidden } from '../router.ts';
import { zip } from '../zip.ts';

const downloads = new Map<string, { run: Run; expires: number }>();

/** GitHub's run-log archive: `<i>_<job>.txt` per job and `<job>/<n>_<step>.txt` per step. */
export function runLogZip(run: Run): Buffer {
  const files: Array<{ name: string; data: Buffer }> = [];
  run.jobs.forEach((job, i) => {
    files.push({ name: `${i}_${job.name}.txt`, data: Buffer.from(job.steps.map((s) => s.log).join('')) });
    job.steps.forEach((s, n) => files.push({ name: `${job.name}/${n + 1}_${s.name}.txt`, data: Buffer.from(s.log) }));
  });
  return zip(files);
}

export async function serveLogZip(emu: GithubEmulator, res: ServerResponse, url: URL): Promise<void> {
  const key = /^\/_emulator\/logs\/([0-9a-f]+)\.zip$/.exec(url.pathname)?.[1] ?? '';
  const d = downloads.get(key);
  const ok = d !== undefined && d.expires > Date.now();
  emu.requests.push({ method: 'GET', path: url.pathname, status: ok ? 200 : 404, auth: 'none' });
  if (!ok) { res.writeHead(404).end(); return; }
  res.writeHead(200, { 'content-type': 'application/zip' }).end(runLogZip(d.run));
}

function findRun(ctx: Ctx): Run | undefined {
  return ctx.state.runs.find((r) => r.repo === `${ctx.params.owner}/${ctx.params.repo}` && r.id === Number(ctx.params.run_id));
}

export function register(r: Router, emu: GithubEmulator): void {
  r.add('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'actions', 'read')) return forbidden();
    const run = findRun(ctx);
    if (!run) return notFound();
    const api = `${ctx.base}/repos/${repo.fullName}/actions/runs/${run.id}`;
    const repoObj = repository(ctx.state, repo, ctx.base, 'minimal-repository');
    return json(200, emu.shape(ctx, 200, component('workflow-run', {
      id: run.id, name: run.name, node_id: `WFR_${run.id}`, head_branch: run.headBranch, head_sha: run.headSha, path: `.github/workflows/${run.name.toLowerCase()}.yml`,
      run_number: run.id % 1000, run_attempt: run.runAttempt, event: run.event, status: run.status, conclusion: run.conclusion, workflow_id: 1,
      url: api, html_url: `${ctx.base}/${repo.fullName}/actions/runs/${run.id}`, logs_url: `${api}/logs`, jobs_url: `${api}/jobs`,
      created_at: run.createdAt, updated_at: run.createdAt, run_started_at: run.createdAt, actor: simpleUser(ctx.state, repo.owner, ctx.base),
      triggering_actor: simpleUser(ctx.state, repo.owner, ctx.base), repository: repoObj, head_repository: repoObj, pull_requests: [],
      head_commit: null, referenced_workflows: [],
    }, ctx.base)));
  });

  r.add('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/jobs', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'actions', 'read')) return forbidden();
    const run = findRun(ctx);
    if (!run) return notFound();
    const jobs = run.jobs.map((j, i) => component('job', {
      id: run.id * 100 + i, run_id: run.id, name: j.name, head_sha: run.headSha, status: run.status, conclusion: run.conclusion, run_attempt: run.runAttempt,
      url: `${ctx.base}/repos/${repo.fullName}/actions/jobs/${run.id * 100 + i}`, run_url: `${ctx.base}/repos/${repo.fullName}/actions/runs/${run.id}`,
      steps: j.steps.map((s, n) => ({ name: s.name, number: n + 1, status: 'completed', conclusion: 'success', started_at: run.createdAt, completed_at: run.createdAt })),
      started_at: run.createdAt, completed_at: run.createdAt, labels: ['ubuntu-latest'], runner_id: null, runner_name: null, runner_group_id: null, runner_group_name: null,
      workflow_name: run.name, head_branch: run.headBranch, created_at: run.createdAt,
    }, ctx.base));
    return json(200, { total_count: jobs.length, jobs });
  });

  r.add('GET', '/repos/{owner}/{repo}/actions/runs/{run_id}/logs', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'actions', 'read')) return forbidden();
    const run = findRun(ctx);
    if (!run) return notFound();
    const key = randomBytes(16).toString('hex');
    downloads.set(key, { run, expires: Date.now() + 60_000 });
    return { status: 302, headers: { location: `${ctx.base}/_emulator/logs/${key}.zip` } };
  });
}
