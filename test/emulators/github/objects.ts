// Resource objects (users, repositories, installations, apps) from OpenAPI component schemas.
import { component } from './shape.ts';
import type { App, Installation, Repo, State } from './state.ts';

const nodeId = (kind: string, id: number): string => Buffer.from(`0:${kind}${id}`).toString('base64');

export function simpleUser(state: State, login: string, base: string): any {
  const u = state.user(login);
  const enc = encodeURIComponent(login);
  const api = `${base}/users/${enc}`;
  return component('simple-user', {
    login: u.login, id: u.id, node_id: nodeId('User', u.id), type: u.type, site_admin: false, name: u.name, email: u.email,
    url: api, html_url: `${base}/${enc}`, avatar_url: `${base}/avatars/${enc}`, gravatar_id: '',
    followers_url: `${api}/followers`, following_url: `${api}/following{/other_user}`, gists_url: `${api}/gists{/gist_id}`,
    starred_url: `${api}/starred{/owner}{/repo}`, subscriptions_url: `${api}/subscriptions`, organizations_url: `${api}/orgs`,
    repos_url: `${api}/repos`, events_url: `${api}/events{/privacy}`, received_events_url: `${api}/received_events`, user_view_type: 'public',
  }, base);
}

const PERMS = { admin: false, maintain: false, push: false, triage: false, pull: true };

export function repository(state: State, repo: Repo, base: string, schema = 'repository'): any {
  const api = `${base}/repos/${repo.fullName}`;
  const out = component(schema, {
    id: repo.id, node_id: nodeId('Repository', repo.id), name: repo.name, full_name: repo.fullName, private: repo.private,
    visibility: repo.private ? 'private' : 'public', owner: simpleUser(state, repo.owner, base), default_branch: repo.defaultBranch,
    html_url: `${base}/${repo.fullName}`, url: api, clone_url: `${base}/${repo.fullName}.git`, git_url: `${base}/${repo.fullName}.git`,
    ssh_url: `git@127.0.0.1:${repo.fullName}.git`, svn_url: `${base}/${repo.fullName}`, mirror_url: null, homepage: null, description: null,
    fork: false, archived: false, disabled: false, created_at: repo.createdAt, updated_at: repo.createdAt, pushed_at: repo.createdAt,
    permissions: PERMS, topics: [], language: null, license: null,
  }, base);
  // Example leftovers describing a fork/template that this repository is not.
  for (const k of ['source', 'parent', 'template_repository', 'organization']) delete out[k];
  return out;
}

export function installation(state: State, inst: Installation, base: string): any {
  const app = state.apps.get(inst.appId)!;
  return component('installation', {
    // GET /app/installations documents account as allOf [simple-user, enterprise]: fill both.
    id: inst.id, account: { ...simpleUser(state, inst.account, base), slug: inst.account, created_at: inst.createdAt, updated_at: inst.createdAt }, app_id: app.id, app_slug: app.slug, client_id: app.clientId,
    target_id: state.user(inst.account).id, target_type: state.user(inst.account).type === 'Organization' ? 'Organization' : 'User',
    repository_selection: inst.selection, permissions: inst.permissions, events: inst.events,
    access_tokens_url: `${base}/app/installations/${inst.id}/access_tokens`, repositories_url: `${base}/installation/repositories`,
    html_url: `${base}/settings/installations/${inst.id}`, created_at: inst.createdAt, updated_at: inst.createdAt,
    single_file_name: null, suspended_at: null, suspended_by: null,
  }, base);
}

export function integration(state: State, app: App, base: string): any {
  return component('integration', {
    id: app.id, slug: app.slug, client_id: app.clientId, node_id: nodeId('Integration', app.id), name: app.name,
    owner: simpleUser(state, app.owner, base), description: null, external_url: base, html_url: `${base}/apps/${app.slug}`,
    created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', permissions: app.permissions, events: app.events,
    installations_count: [...state.installations.values()].filter((i) => i.appId === app.id).length,
  }, base);
}
