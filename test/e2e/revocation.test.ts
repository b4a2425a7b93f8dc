// End to end through the real CLI: credentials minted by the emulators planted in a fixture tree;
// scan -> verify -> identify -> Cedar policy -> revoke. The emulators' registries must show exactly the live
// static ones revoked, once; held ones only after approval; later runs revoke nothing more.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSlack, type SlackEmulator } from '../emulators/slack/index.ts';
import { startGitlab, type GitlabEmulator } from '../emulators/gitlab/index.ts';
import { startHuggingface, type HfEmulator } from '../emulators/huggingface/index.ts';
import { startNpm, type NpmEmulator } from '../emulators/npm/index.ts';
import { startStripe, type StripeEmulator } from '../emulators/stripe/index.ts';
import { startOpenai, type OpenaiEmulator } from '../emulators/openai/index.ts';
import { startAnthropic, type AnthropicEmulator } from '../emulators/anthropic/index.ts';
import { startGcp, type GcpEmulator } from '../emulators/gcp/index.ts';
import { startAws, type AwsEmulator } from '../emulators/aws/index.ts';
import { GithubEmulator } from '../emulators/github/index.ts';
import { fakeToken } from '../emulators/github/tokens.ts';
import type { Issued } from '../emulators/_kit/server.ts';
import { fingerprint } from '../../src/core/fingerprint.ts';

const run = promisify(execFile);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'keyshift.js');

let slack: SlackEmulator, gitlab: GitlabEmulator, hf: HfEmulator, npm: NpmEmulator, stripe: StripeEmulator;
let openai: OpenaiEmulator, anthropic: AnthropicEmulator, gcp: GcpEmulator, aws: AwsEmulator, gh: GithubEmulator;
let dir: string;
let env: NodeJS.ProcessEnv;
const secrets: string[] = [];
const t: Record<string, Issued> = {};
let ghLive: string, ghInstall: string, ghDead: string;
let gcpFp = '';

async function keyshift(...args: string[]) {
  try {
    const r = await run('node', [BIN, ...args], { cwd: dir, env, maxBuffer: 64 << 20 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const destructive = () => ({
  slack: slack.requests.filter((r) => r.path === '/api/auth.revoke').length,
  gitlab: gitlab.requests.filter((r) => r.method === 'DELETE').length,
  hf: hf.requests.filter((r) => r.path === '/api/credentials/revoke').length,
  npm: npm.requests.filter((r) => r.method === 'DELETE').length,
  openai: openai.requests.filter((r) => r.method === 'DELETE').length,
  anthropic: anthropic.requests.filter((r) => r.method === 'POST').length,
  gcp: gcp.requests.filter((r) => r.path.endsWith(':disable')).length,
  aws: aws.requests.length, // counted below through registry state; requests include verification
  github: gh.requests.filter((r) => r.path === '/credentials/revoke' || r.path === '/installation/token').length,
});

beforeAll(async () => {
  [slack, gitlab, hf, npm, stripe, openai, anthropic, gcp, aws] = await Promise.all([startSlack(), startGitlab(), startHuggingface(), startNpm(), startStripe(), startOpenai(), startAnthropic(), startGcp(), startAws()]);
  gh = await new GithubEmulator().start();
  dir = mkdtempSync(join(tmpdir(), 'ks-e2e-revoke-'));
  const openaiAdmin = openai.mintAdmin().token;
  const anthropicAdmin = anthropic.mintAdmin().token;
  env = {
    ...process.env,
    NO_COLOR: '1',
    KEYSHIFT_ISSUER_GITHUB_URL: gh.url,
    KEYSHIFT_ISSUER_SLACK_URL: slack.url,
    KEYSHIFT_ISSUER_GITLAB_URL: gitlab.url,
    KEYSHIFT_ISSUER_HUGGINGFACE_URL: hf.url,
    KEYSHIFT_ISSUER_NPM_URL: npm.url,
    KEYSHIFT_ISSUER_STRIPE_URL: stripe.url,
    KEYSHIFT_ISSUER_OPENAI_URL: openai.url,
    KEYSHIFT_ISSUER_OPENAI_ADMIN_KEY: openaiAdmin,
    KEYSHIFT_ISSUER_ANTHROPIC_URL: anthropic.url,
    KEYSHIFT_ISSUER_ANTHROPIC_ADMIN_KEY: anthropicAdmin,
    KEYSHIFT_ISSUER_GCP_URL: gcp.url,
    KEYSHIFT_ISSUER_GCP_ACCESS_TOKEN: gcp.adminToken,
    KEYSHIFT_ISSUER_AWS_URL: aws.url,
    KEYSHIFT_ISSUER_AWS_ACCESS_KEY_ID: aws.admin.accessKeyId,
    KEYSHIFT_ISSUER_AWS_SECRET_ACCESS_KEY: aws.admin.secretAccessKey,
    KEYSHIFT_ISSUER_AWS_ROLE_ARN: 'arn:aws:iam::{account}:role/keyshift-revoker',
  };
  t.slack = slack.mint();
  t.slackDead = slack.mint();
  t.slackDead.status = 'revoked'; // revoked before keyshift ever saw it
  t.gitlab = gitlab.mint();
  t.hf = hf.mint();
  t.npm = npm.mint();
  t.stripe = stripe.mint();
  t.openai = openai.mint({ project: 'proj_web' });
  t.anthropic = anthropic.mint();
  t.aws = aws.mint({ account: '123456789012', userName: 'ci-deployer' });
  t.gcp = gcp.mint();
  ghLive = gh.mintToken({ owner: 'mona', scopes: ['repo'] });
  ghInstall = gh.mintToken({ kind: 'ghs', owner: 'acme-app[bot]' });
  ghDead = fakeToken('ghp'); // valid checksum, never issued
  secrets.push(...Object.values(t).map((x) => x.token), String(t.aws.extra.secret), ghLive, ghInstall, ghDead, openaiAdmin, anthropicAdmin);
  mkdirSync(join(dir, 'deploy'), { recursive: true });
  writeFileSync(join(dir, 'app.env'), [
    `SLACK_BOT_TOKEN=${t.slack.token}`,
    `OLD_SLACK_TOKEN=${t.slackDead.token}`,
    `GITLAB_TOKEN=${t.gitlab.token}`,
    `HF_TOKEN=${t.hf.token}`,
    `NPM_TOKEN=${t.npm.token}`,
    `STRIPE_SECRET_KEY=${t.stripe.token}`,
    `OPENAI_API_KEY=${t.openai.token}`,
    `ANTHROPIC_API_KEY=${t.anthropic.token}`,
    `AWS_ACCESS_KEY_ID=${t.aws.token}`,
    `AWS_SECRET_ACCESS_KEY=${t.aws.extra.secret}`,
    `GITHUB_TOKEN=${ghLive}`,
    `GH_APP_TOKEN=${ghInstall}`,
    `LEGACY_GITHUB_TOKEN=${ghDead}`,
  ].join('\n') + '\n');
  // The same Slack token reused in a second place: still one revocation.
  writeFileSync(join(dir, 'deploy', 'notify.sh'), `curl -H "Authorization: Bearer ${t.slack.token}" https://slack.com/api/chat.postMessage\n`);
  writeFileSync(join(dir, 'deploy', 'sa.json'), t.gcp.token);
}, 120_000);

afterAll(async () => {
  await Promise.all([slack, gitlab, hf, npm, stripe, openai, anthropic, gcp, aws, gh].map((e) => e?.close()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const apiRevoked = () => ({
  slack: t.slack!.revocations,
  slackDead: t.slackDead!.revocations,
  gitlab: t.gitlab!.revocations,
  hf: t.hf!.revocations,
  npm: t.npm!.revocations,
  openai: t.openai!.revocations,
  anthropic: t.anthropic!.revocations,
  aws: t.aws!.revocations,
  gcp: t.gcp!.revocations,
  stripe: t.stripe!.revocations,
  ghLive: gh.credential(ghLive)?.status,
  ghInstall: gh.credential(ghInstall)?.status,
});

describe('scan --verify / --revoke / --apply end to end', () => {
  it('--verify adds verification and identity; touches nothing', async () => {
    const r = await keyshift('scan', '.', '--verify', '--format', 'json');
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout).findings as { fingerprint: string; verification?: { status: string }; identity?: Record<string, unknown> }[];
    const byFp = (s: string) => findings.find((f) => f.fingerprint === fingerprint(s));
    for (const s of [t.slack!.token, t.gitlab!.token, t.hf!.token, t.npm!.token, t.stripe!.token, t.openai!.token, t.anthropic!.token, t.aws!.token, ghLive]) {
      expect(byFp(s)?.verification?.status, s.slice(0, 8)).toBe('live');
    }
    expect(byFp(t.slackDead!.token)?.verification?.status).toBe('invalid');
    expect(byFp(ghDead)?.verification?.status).toBe('invalid');
    expect(byFp(t.aws!.token)?.identity).toMatchObject({ account: '123456789012', owner: 'ci-deployer' });
    expect(byFp(ghLive)?.identity).toMatchObject({ owner: 'mona', scopes: ['repo'] });
    expect(byFp(t.openai!.token)?.identity).toMatchObject({ keyId: t.openai!.id, project: 'proj_web' });
    const gcpFinding = findings.find((f) => f.identity?.keyId === t.gcp!.id);
    expect(gcpFinding?.verification?.status).toBe('live');
    gcpFp = gcpFinding!.fingerprint;
    expect(r.stderr).toMatch(/verified: \d+ live, 2 invalid, 0 unknown/);
    expect(Object.values(apiRevoked()).filter((v) => v === 1 || v === 'revoked')).toEqual([]);
  }, 120_000);

  it('--revoke alone plans (dry-run) and revokes nothing', async () => {
    const before = destructive();
    const r = await keyshift('scan', '.', '--revoke', '--format', 'json');
    expect(r.stderr).toMatch(/revocations \(dry-run/);
    expect(r.stderr).toMatch(/revoke dry-run\s+slack/);
    const after = destructive();
    expect({ ...after, aws: 0 }).toEqual({ ...before, aws: 0 });
    expect(t.aws!.status).toBe('active');
  }, 120_000);

  it('--apply revokes exactly the live static ones, holds cloud keys for approval, once', async () => {
    const r = await keyshift('scan', '.', '--revoke', '--apply', '--format', 'json');
    expect(r.stderr).toMatch(/revocations \(apply\)/);
    expect(apiRevoked()).toEqual({
      slack: 1, slackDead: 0, gitlab: 1, hf: 1, npm: 1, openai: 1, anthropic: 1,
      aws: 0, gcp: 0, // held by hold-private-cloud-keys
      stripe: 0, // manual roll required
      ghLive: 'revoked', ghInstall: 'active', // installation tokens are ephemeral: not revoked by default
    });
    expect(r.stderr).toMatch(/revoke held\s+aws/);
    expect(r.stderr).toMatch(/revoke held\s+gcp/);
    expect(r.stderr).toMatch(/revoke manual\s+stripe .*manual roll required/);
    expect(gh.credential(ghLive)?.revokedBy).toBe('credentials/revoke');
    expect(gh.requests.filter((x) => x.path === '/credentials/revoke')).toHaveLength(1);
    expect(r.stderr).toMatch(/revoke done\s+slack .*-> revoked, now invalid/);
  }, 120_000);

  it('approve, then the next run revokes the held ones and nothing else', async () => {
    const list = await keyshift('approve', '--list');
    const held = list.stdout.trim().split('\n').map((l) => l.split(' ')[0]!);
    expect(held.sort()).toEqual([fingerprint(t.aws!.token), gcpFp].sort());
    expect((await keyshift('approve', ...held.map((h) => h.slice(0, 12)))).code).toBe(0);
    const before = destructive();
    await keyshift('scan', '.', '--revoke', '--apply', '--format', 'json');
    expect(apiRevoked()).toMatchObject({ slack: 1, gitlab: 1, hf: 1, npm: 1, openai: 1, anthropic: 1, aws: 1, gcp: 1, stripe: 0 });
    expect(t.aws!.status).toBe('inactive');
    expect(aws.policiesOf('ci-deployer', '123456789012')).toContain('arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2');
    expect(t.gcp!.status).toBe('inactive');
    const after = destructive();
    for (const k of ['slack', 'gitlab', 'hf', 'npm', 'openai', 'anthropic', 'github'] as const) expect(after[k], k).toBe(before[k]);
  }, 120_000);

  it('a further run revokes nothing more; ledger and audit hold no secret', async () => {
    const before = destructive();
    const snapshot = apiRevoked();
    const r = await keyshift('scan', '.', '--revoke', '--apply', '--format', 'json');
    expect(apiRevoked()).toEqual(snapshot);
    const after = destructive();
    for (const k of ['slack', 'gitlab', 'hf', 'npm', 'openai', 'anthropic', 'gcp', 'github'] as const) expect(after[k], k).toBe(before[k]);
    const ledger = readFileSync(join(dir, '.keyshift', 'ledger.jsonl'), 'utf8');
    const audit = readFileSync(join(dir, '.keyshift', 'audit.jsonl'), 'utf8');
    const intents = ledger.trim().split('\n').map((l) => JSON.parse(l)).filter((e) => e.state === 'intent');
    expect(new Set(intents.map((e) => e.fingerprint)).size).toBe(intents.length);
    expect(intents).toHaveLength(9); // slack gitlab hf npm openai anthropic github aws gcp (stripe: manual, no call)
    expect(audit).toContain('"kind":"decision"');
    expect(audit).toContain('"revoke-live-static"');
    for (const s of secrets) {
      for (const text of [ledger, audit, r.stdout, r.stderr]) expect(text.includes(s)).toBe(false);
      expect(ledger.includes(s.slice(8, 30))).toBe(false);
    }
  }, 120_000);
});
