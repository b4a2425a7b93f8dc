// Pull requests against the GitHub emulator, driven by @octokit/rest through keyshift's GitHub App
// client: one PR per change set, a rerun updates it, a closed PR stays closed, and without the
// `workflows` permission a workflow change becomes an issue with the patch. No secret leaves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { githubApp } from '../../src/github/app.ts';
import { githubReader, openRemediationPull, remediateRepository } from '../../src/github/pull-request.ts';
import { planRepo } from '../../src/remediators/index.ts';
import { readState } from '../../src/remediators/body.ts';
import { findingIn, fake } from './helpers.ts';
import type { GithubClient } from '../../src/github/octokit.ts';

const PAT = fake.ghp();
const PAT2 = fake.ghp();
const WORKFLOW = `name: release
on: push
jobs:
  release:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: gh release create "$GITHUB_REF_NAME"
        env:
          GH_TOKEN: ${PAT}
`;
const CURSOR = `{
  "mcpServers": {
    "github": { "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"], "env": { "GITHUB_PERSONAL_ACCESS_TOKEN": "${PAT2}" } }
  }
}
`;

let gh: GithubEmulator;
let withWorkflows: GithubClient;
let noWorkflows: GithubClient;

async function client(owner: string, permissions: Record<string, 'read' | 'write'>): Promise<GithubClient> {
  const app = gh.createApp({ slug: `keyshift-${owner}`, permissions });
  const inst = gh.install(app.id, owner);
  return githubApp({ appId: app.id, privateKey: app.privateKey, baseUrl: gh.url }).installationOctokit(inst.id);
}

const BASE = { contents: 'write', pull_requests: 'write', issues: 'write', metadata: 'read' } as const;

beforeAll(async () => {
  gh = await startGithubEmulator({ validate: true });
  gh.createUser('acme', { type: 'Organization' });
  gh.createUser('solo', { type: 'Organization' });
  await gh.createRepo('acme/api', { files: { '.github/workflows/release.yml': WORKFLOW, '.cursor/mcp.json': CURSOR, 'README.md': 'api\n' } });
  await gh.createRepo('solo/web', { files: { '.github/workflows/release.yml': WORKFLOW, 'README.md': 'web\n' } });
  await gh.createRepo('solo/agent', { files: { '.mcp.json': CURSOR } });
  withWorkflows = await client('acme', { ...BASE, workflows: 'write' });
  noWorkflows = await client('solo', { ...BASE });
}, 60_000);

afterAll(async () => {
  if (process.env.KEYSHIFT_DEBUG_REQUESTS) console.log(gh.requests.filter((r) => r.status >= 400));
  await gh?.close();
});

async function plan(kit: GithubClient, owner: string, repo: string, files: Record<string, string>) {
  const reader = await githubReader(kit, { owner, repo });
  const findings = [];
  for (const [path, secret] of Object.entries(files)) findings.push(findingIn(path, (await reader.read(path))!, secret, 'github-pat-classic', 'github'));
  return { findings, reader };
}

function leaks(): string[] {
  const texts = [
    ...gh.state.pulls.map((p) => JSON.stringify(p)),
    ...gh.state.issues.map((i) => JSON.stringify(i)),
  ];
  return [PAT, PAT2].filter((s) => texts.some((t) => t.includes(s)));
}

describe('pull requests on the GitHub emulator', () => {
  it('one finding set -> exactly one PR with the expected files; rerun updates the same PR; closed stays closed', async () => {
    const { findings, reader } = await plan(withWorkflows, 'acme', 'api', { '.github/workflows/release.yml': PAT, '.cursor/mcp.json': PAT2 });
    const p = await planRepo(findings, reader);
    const set = p.combined!;
    expect(set.files.map((f) => f.path).sort()).toEqual(['.cursor/mcp.json', '.github/workflows/release.yml']);
    const secrets = [PAT, PAT2];

    const first = await openRemediationPull(withWorkflows, { owner: 'acme', repo: 'api' }, set, { secrets });
    expect(first.action).toBe('created');
    expect(first.branch).toBe(`keyshift/fix-${set.id.slice(0, 8)}`);
    const { data: pulls } = await withWorkflows.rest.pulls.list({ owner: 'acme', repo: 'api', state: 'all' });
    expect(pulls).toHaveLength(1);
    const pr = pulls[0]!;
    expect(pr.head.ref).toBe(first.branch);
    expect(readState(pr.body)?.fingerprints).toEqual(set.fingerprints);
    for (const h of ['### What was found', '### What was revoked', '### What changed', '### What you must still do']) expect(pr.body).toContain(h);

    // The branch holds exactly the planned files, committed (and signed) through the git data API.
    const tree = async (ref: string) => {
      const { data: r } = await withWorkflows.rest.git.getRef({ owner: 'acme', repo: 'api', ref: `heads/${ref}` });
      const { data: c } = await withWorkflows.rest.git.getCommit({ owner: 'acme', repo: 'api', commit_sha: r.object.sha });
      const { data: t } = await withWorkflows.rest.git.getTree({ owner: 'acme', repo: 'api', tree_sha: c.tree.sha, recursive: 'true' });
      return new Map(t.tree.filter((e) => e.type === 'blob').map((e) => [e.path!, e.sha!]));
    };
    const [base, head] = [await tree('main'), await tree(first.branch)];
    const differ = [...new Set([...base.keys(), ...head.keys()])].filter((k) => base.get(k) !== head.get(k)).sort();
    expect(differ).toEqual(['.cursor/mcp.json', '.github/workflows/release.yml']);
    for (const f of set.files) {
      const { data } = await withWorkflows.rest.repos.getContent({ owner: 'acme', repo: 'api', path: f.path, ref: first.branch });
      expect(Buffer.from((data as { content: string }).content, 'base64').toString('utf8')).toBe(f.content);
    }
    const { data: ref } = await withWorkflows.rest.git.getRef({ owner: 'acme', repo: 'api', ref: `heads/${first.branch}` });
    const { data: commit } = await withWorkflows.rest.git.getCommit({ owner: 'acme', repo: 'api', commit_sha: ref.object.sha });
    expect(commit.verification?.verified).toBe(true);
    for (const s of secrets) expect(commit.message + first.branch).not.toContain(s);

    const second = await openRemediationPull(withWorkflows, { owner: 'acme', repo: 'api' }, set, { secrets });
    expect(second.number).toBe(first.number);
    expect(['updated', 'unchanged']).toContain(second.action);
    expect((await withWorkflows.rest.pulls.list({ owner: 'acme', repo: 'api', state: 'all' })).data).toHaveLength(1);

    // New facts from the revocation ledger update the same PR's body.
    const ledger = { revocation: async (fp: string) => (fp === findings[0]!.fingerprint ? { state: 'done', at: '2026-11-23T19:00:00Z', outcome: 'revoked' } : undefined) };
    const third = await openRemediationPull(withWorkflows, { owner: 'acme', repo: 'api' }, set, { secrets, ledger });
    expect(third).toMatchObject({ action: 'updated', number: first.number });
    const body3 = (await withWorkflows.rest.pulls.get({ owner: 'acme', repo: 'api', pull_number: first.number! })).data.body!;
    expect(body3).toContain(`\`${findings[0]!.redacted}\`: revoked at 2026-11-23T19:00:00Z by keyshift.`);
    expect(body3).toContain(`\`${findings[1]!.redacted}\`: not revoked by keyshift.`);

    await withWorkflows.rest.pulls.update({ owner: 'acme', repo: 'api', pull_number: first.number!, state: 'closed' });
    const fourth = await openRemediationPull(withWorkflows, { owner: 'acme', repo: 'api' }, set, { secrets });
    expect(fourth.action).toBe('closed-by-human');
    const after = (await withWorkflows.rest.pulls.list({ owner: 'acme', repo: 'api', state: 'all' })).data;
    expect(after).toHaveLength(1);
    expect(after[0]!.state).toBe('closed');
    expect(leaks()).toEqual([]);
  }, 120_000);

  it('without the workflows permission: an issue with the patch, no PR; a rerun updates the issue', async () => {
    const { findings, reader } = await plan(noWorkflows, 'solo', 'web', { '.github/workflows/release.yml': PAT });
    const set = (await planRepo(findings, reader)).combined!;
    const r = await openRemediationPull(noWorkflows, { owner: 'solo', repo: 'web' }, set, { secrets: [PAT] });
    expect(r.kind).toBe('issue');
    expect(r.action).toBe('issue-created');
    expect((await noWorkflows.rest.pulls.list({ owner: 'solo', repo: 'web', state: 'all' })).data).toHaveLength(0);
    const { data: issue } = await noWorkflows.rest.issues.get({ owner: 'solo', repo: 'web', issue_number: r.number! });
    expect(issue.body).toContain('```diff');
    expect(issue.body).toContain('+          GH_TOKEN: ${{ secrets.GITHUB_TOKEN }}');
    expect(issue.body).toContain('-          GH_TOKEN: ghp_…(40)');
    const again = await openRemediationPull(noWorkflows, { owner: 'solo', repo: 'web' }, set, { secrets: [PAT] });
    expect(again).toMatchObject({ kind: 'issue', action: 'issue-updated', number: r.number });
    expect((await noWorkflows.rest.issues.listForRepo({ owner: 'solo', repo: 'web', state: 'all' })).data.filter((i) => !i.pull_request)).toHaveLength(1);
    expect(leaks()).toEqual([]);
  }, 120_000);

  it('remediateRepository: plans through the API; a change outside workflows is a PR even without the workflows permission', async () => {
    const f = findingIn('.mcp.json', CURSOR, PAT2, 'github-pat-classic', 'github', { client: 'claude-code', pointer: '/mcpServers/github/env/GITHUB_PERSONAL_ACCESS_TOKEN' });
    const { plan: p, result } = await remediateRepository(noWorkflows, { owner: 'solo', repo: 'agent' }, [f], { workflowsPermission: false });
    expect(p.unhandled).toEqual([]);
    expect(result).toMatchObject({ kind: 'pull', action: 'created' });
    const { data } = await noWorkflows.rest.repos.getContent({ owner: 'solo', repo: 'agent', path: '.mcp.json', ref: result!.branch });
    expect(Buffer.from((data as { content: string }).content, 'base64').toString('utf8')).toContain('"GITHUB_PERSONAL_ACCESS_TOKEN": "${GITHUB_PERSONAL_ACCESS_TOKEN}"');
    expect(leaks()).toEqual([]);
  }, 120_000);

  it('refuses to send text that contains a secret value', async () => {
    const { findings, reader } = await plan(withWorkflows, 'acme', 'api', { '.cursor/mcp.json': PAT2 });
    const set = (await planRepo(findings, reader)).combined!;
    const bad = { ...set, title: `fix ${PAT2}` };
    await expect(openRemediationPull(withWorkflows, { owner: 'acme', repo: 'api' }, bad, { secrets: [PAT2] })).rejects.toThrow(/contains a secret/);
  });

  it('the emulator saw no schema violations', () => {
    expect(gh.violations.join('\n')).toBe('');
  });
});
