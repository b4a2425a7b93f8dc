// Secret scanning alerts (GitHub's own detections), registered by tests with gh.addSecretScanningAlert.
import type { GithubEmulator } from '../index.ts';
import { forbidden, json, notFound, type Ctx, type Router } from '../router.ts';
import { component } from '../shape.ts';
import type { Repo, SecretAlert } from '../state.ts';
import { hasPermission, repoFor } from './apps.ts';

function alertBody(ctx: Ctx, repo: Repo, a: SecretAlert) {
  const api = `${ctx.base}/repos/${repo.fullName}/secret-scanning/alerts/${a.number}`;
  return component('secret-scanning-alert', {
    number: a.number, created_at: a.createdAt, updated_at: a.createdAt, url: api, html_url: `${ctx.base}/${repo.fullName}/security/secret-scanning/${a.number}`,
    locations_url: `${api}/locations`, state: a.state, resolution: null, resolved_at: null, resolved_by: null, resolution_comment: null,
    secret_type: a.secretType, secret_type_display_name: a.secretType, secret: a.secret, validity: 'unknown', publicly_leaked: false, multi_repo: false,
    push_protection_bypassed: false, push_protection_bypassed_by: null, push_protection_bypassed_at: null,
  }, ctx.base);
}

export function register(r: Router, emu: GithubEmulator): void {
  const find = (ctx: Ctx, repo: Repo) => emu.state.alerts.find((a) => a.repo === repo.fullName && a.number === Number(ctx.params.alert_number));
  const guard = (ctx: Ctx) => {
    const { repo, reply } = repoFor(ctx);
    if (!repo) return { reply };
    if (!hasPermission(ctx, 'secret_scanning_alerts', 'read')) return { reply: forbidden() };
    return { repo };
  };

  r.add('GET', '/repos/{owner}/{repo}/secret-scanning/alerts', (ctx) => {
    const { repo, reply } = guard(ctx);
    if (!repo) return reply!;
    return json(200, emu.state.alerts.filter((a) => a.repo === repo.fullName).map((a) => alertBody(ctx, repo, a)));
  });

  r.add('GET', '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}', (ctx) => {
    const { repo, reply } = guard(ctx);
    if (!repo) return reply!;
    const a = find(ctx, repo);
    return a ? json(200, alertBody(ctx, repo, a)) : notFound();
  });

  r.add('GET', '/repos/{owner}/{repo}/secret-scanning/alerts/{alert_number}/locations', (ctx) => {
    const { repo, reply } = guard(ctx);
    if (!repo) return reply!;
    const a = find(ctx, repo);
    if (!a) return notFound();
    const api = `${ctx.base}/repos/${repo.fullName}`;
    return json(200, a.locations.map((l) => ({ type: 'commit', details: {
      path: l.path, start_line: l.line, end_line: l.line, start_column: 1, end_column: 1 + a.secret.length, blob_sha: l.blobSha ?? '0'.repeat(40),
      blob_url: `${api}/git/blobs/${l.blobSha ?? '0'.repeat(40)}`, commit_sha: l.commit, commit_url: `${api}/git/commits/${l.commit}`,
    } })));
  });
}
