// Checks and code scanning: check runs with annotations (max 50 per request), SARIF uploads.
import { gunzipSync } from 'node:zlib';
import type { GithubEmulator } from '../index.ts';
import { forbidden, invalid, json, notFound, type Ctx, type Router } from '../router.ts';
import { component } from '../shape.ts';
import { integration } from '../objects.ts';
import type { Annotation, CheckRun } from '../state.ts';
import { hasPermission, repoFor } from './apps.ts';
import { resolveRef } from '../git.ts';

const LEVELS = new Set(['notice', 'warning', 'failure']);

function badAnnotations(list: unknown): string | undefined {
  if (list === undefined) return undefined;
  if (!Array.isArray(list)) return 'output.annotations must be an array';
  if (list.length > 50) return 'Only 50 annotations are allowed per request';
  for (const a of list as Partial<Annotation>[]) {
    if (typeof a?.path !== 'string' || typeof a.start_line !== 'number' || typeof a.end_line !== 'number' || typeof a.message !== 'string' || !LEVELS.has(String(a.annotation_level))) {
      return 'annotation requires path, start_line, end_line, annotation_level (notice|warning|failure) and message';
    }
  }
  return undefined;
}

function checkRunBody(ctx: Ctx, run: CheckRun): unknown {
  const api = `${ctx.base}/repos/${run.repo}/check-runs/${run.id}`;
  const app = run.appId !== undefined ? ctx.state.apps.get(run.appId) : undefined;
  return component('check-run', {
    id: run.id, head_sha: run.headSha, node_id: `CR_${run.id}`, external_id: run.externalId, url: api, html_url: `${ctx.base}/${run.repo}/runs/${run.id}`,
    details_url: null, status: run.status, conclusion: run.conclusion, started_at: run.startedAt, completed_at: run.completedAt, name: run.name,
    output: { title: run.title, summary: run.summary, text: run.text, annotations_count: run.annotations.length, annotations_url: `${api}/annotations` },
    check_suite: { id: run.id }, app: app ? integration(ctx.state, app, ctx.base) : null, pull_requests: [], deployment: undefined,
  }, ctx.base);
}

/** Only GitHub Apps (installation tokens with checks: write) may write check runs. */
function canWriteChecks(ctx: Ctx): boolean {
  return ctx.cred?.kind === 'ghs' && hasPermission(ctx, 'checks', 'write');
}

function apply(run: CheckRun, body: any, now: string): void {
  if (typeof body.name === 'string') run.name = body.name;
  if (typeof body.status === 'string') run.status = body.status;
  if (body.conclusion !== undefined) { run.conclusion = body.conclusion; run.status = 'completed'; }
  if (typeof body.external_id === 'string') run.externalId = body.external_id;
  if (run.status === 'completed' && !run.completedAt) run.completedAt = body.completed_at ?? now;
  const out = body.output;
  if (out) {
    if (typeof out.title === 'string') run.title = out.title;
    if (typeof out.summary === 'string') run.summary = out.summary;
    if (typeof out.text === 'string') run.text = out.text;
    if (Array.isArray(out.annotations)) run.annotations.push(...out.annotations);
  }
}

export function register(r: Router, emu: GithubEmulator): void {
  r.add('POST', '/repos/{owner}/{repo}/check-runs', async (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!canWriteChecks(ctx)) return forbidden('You must authenticate via a GitHub App.');
    const b = ctx.body as any;
    if (typeof b.name !== 'string' || typeof b.head_sha !== 'string') return invalid('Invalid request.', [{ resource: 'CheckRun', code: 'missing_field', field: 'name/head_sha' }]);
    if (!(await resolveRef(repo.dir, b.head_sha))) return invalid('No commit found for SHA: ' + b.head_sha);
    const bad = badAnnotations(b.output?.annotations);
    if (bad) return invalid(bad);
    if (b.output && (typeof b.output.title !== 'string' || typeof b.output.summary !== 'string')) return invalid('output requires title and summary');
    const run: CheckRun = {
      repo: repo.fullName, id: ctx.state.nextId(), name: b.name, headSha: b.head_sha, status: 'queued', conclusion: null, externalId: null,
      title: null, summary: null, text: null, annotations: [], startedAt: b.started_at ?? ctx.state.now(), completedAt: null, appId: ctx.state.installations.get(ctx.cred!.installationId!)?.appId,
    };
    apply(run, b, ctx.state.now());
    ctx.state.checkRuns.push(run);
    return json(201, checkRunBody(ctx, run));
  });

  const find = (ctx: Ctx) => ctx.state.checkRuns.find((c) => c.repo === `${ctx.params.owner}/${ctx.params.repo}` && c.id === Number(ctx.params.check_run_id));

  r.add('PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}', (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!canWriteChecks(ctx)) return forbidden('You must authenticate via a GitHub App.');
    const run = find(ctx);
    if (!run) return notFound();
    const b = ctx.body as any;
    const bad = badAnnotations(b.output?.annotations);
    if (bad) return invalid(bad);
    if (b.output && (typeof b.output.title !== 'string' || typeof b.output.summary !== 'string')) return invalid('output requires title and summary');
    apply(run, b, ctx.state.now());
    return json(200, checkRunBody(ctx, run));
  });

  r.add('GET', '/repos/{owner}/{repo}/check-runs/{check_run_id}', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const run = find(ctx);
    return run ? json(200, checkRunBody(ctx, run)) : notFound();
  });

  r.add('GET', '/repos/{owner}/{repo}/check-runs/{check_run_id}/annotations', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const run = find(ctx);
    if (!run) return notFound();
    const per = Math.min(100, Number(ctx.url.searchParams.get('per_page') ?? 30));
    const page = Math.max(1, Number(ctx.url.searchParams.get('page') ?? 1));
    const slice = run.annotations.slice((page - 1) * per, page * per);
    const headers: Record<string, string> = {};
    if (page * per < run.annotations.length) {
      const next = new URL(ctx.url.toString());
      next.searchParams.set('page', String(page + 1));
      headers.link = `<${next.toString()}>; rel="next"`;
    }
    return json(200, slice.map((a) => component('check-annotation', {
      path: a.path, start_line: a.start_line, end_line: a.end_line, start_column: a.start_column ?? null, end_column: a.end_column ?? null,
      annotation_level: a.annotation_level, title: a.title ?? null, message: a.message, raw_details: a.raw_details ?? null, blob_href: `${ctx.base}/${run.repo}/blob/${run.headSha}/${a.path}`,
    }, ctx.base)), headers);
  });

  r.add('GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs', async (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const sha = (await resolveRef(repo.dir, ctx.params.ref!)) ?? ctx.params.ref;
    const runs = ctx.state.checkRuns.filter((c) => c.repo === repo.fullName && c.headSha === sha);
    return json(200, { total_count: runs.length, check_runs: runs.map((c) => checkRunBody(ctx, c)) });
  });

  r.add('POST', '/repos/{owner}/{repo}/code-scanning/sarifs', (ctx) => {
    const { repo, reply } = repoFor(ctx, true);
    if (!repo) return reply;
    if (!hasPermission(ctx, 'security_events', 'write')) return forbidden();
    const b = ctx.body as { commit_sha?: unknown; ref?: unknown; sarif?: unknown; tool_name?: string };
    if (typeof b.commit_sha !== 'string' || !/^[0-9a-f]{40}$/.test(b.commit_sha) || typeof b.ref !== 'string' || typeof b.sarif !== 'string') {
      return json(400, { message: 'commit_sha (40 hex), ref and sarif are required' });
    }
    let sarif: unknown;
    try { sarif = JSON.parse(gunzipSync(Buffer.from(b.sarif, 'base64')).toString('utf8')); } catch {
      return json(400, { message: 'sarif must be gzip-compressed and base64-encoded JSON' });
    }
    if ((sarif as { version?: string })?.version !== '2.1.0' || !Array.isArray((sarif as { runs?: unknown }).runs)) return json(400, { message: 'Invalid SARIF: version 2.1.0 with runs required' });
    const id = `${ctx.state.nextId()}-emu`;
    ctx.state.sarifs.push({ repo: repo.fullName, id, ref: b.ref, commitSha: b.commit_sha, sarif, toolName: b.tool_name, receivedAt: ctx.state.now() });
    return json(202, emu.shape(ctx, 202, { id, url: `${ctx.base}/repos/${repo.fullName}/code-scanning/sarifs/${id}` }));
  });

  r.add('GET', '/repos/{owner}/{repo}/code-scanning/sarifs/{sarif_id}', (ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return reply;
    const s = ctx.state.sarifs.find((x) => x.repo === repo.fullName && x.id === ctx.params.sarif_id);
    return s ? json(200, { processing_status: 'complete', analyses_url: `${ctx.base}/repos/${repo.fullName}/code-scanning/analyses?sarif_id=${s.id}`, errors: null }) : notFound();
  });
}
