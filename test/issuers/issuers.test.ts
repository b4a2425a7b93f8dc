// Each issuer against its loopback emulator: verify (live/invalid), identify, revoke, and the emulator's
// registry shows the credential revoked exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IssuerRegistry } from '../../src/issuers/index.ts';
import { verifyOne } from '../../src/issuers/verify.ts';
import type { Emulator } from '../emulators/_kit/server.ts';
import { startSlack, type SlackEmulator } from '../emulators/slack/index.ts';
import { startGitlab, type GitlabEmulator } from '../emulators/gitlab/index.ts';
import { startHuggingface, type HfEmulator } from '../emulators/huggingface/index.ts';
import { startNpm, type NpmEmulator } from '../emulators/npm/index.ts';
import { startStripe, type StripeEmulator } from '../emulators/stripe/index.ts';
import { startOpenai, type OpenaiEmulator } from '../emulators/openai/index.ts';
import { startAnthropic, type AnthropicEmulator } from '../emulators/anthropic/index.ts';
import { startGcp, type GcpEmulator } from '../emulators/gcp/index.ts';
import { startAws, type AwsEmulator } from '../emulators/aws/index.ts';
import { cred } from './helpers.ts';

let slack: SlackEmulator, gitlab: GitlabEmulator, hf: HfEmulator, npm: NpmEmulator, stripe: StripeEmulator;
let openai: OpenaiEmulator, anthropic: AnthropicEmulator, gcp: GcpEmulator, aws: AwsEmulator;
let reg: IssuerRegistry;
let openaiAdmin: string, anthropicAdmin: string;

beforeAll(async () => {
  [slack, gitlab, hf, npm, stripe, openai, anthropic, gcp, aws] = await Promise.all([startSlack(), startGitlab(), startHuggingface(), startNpm(), startStripe(), startOpenai(), startAnthropic(), startGcp(), startAws()]);
  openaiAdmin = openai.mintAdmin().token;
  anthropicAdmin = anthropic.mintAdmin().token;
  reg = new IssuerRegistry(
    {
      slack: { url: slack.url },
      gitlab: { url: gitlab.url },
      huggingface: { url: hf.url },
      npm: { url: npm.url },
      stripe: { url: stripe.url },
      openai: { url: openai.url, adminKey: openaiAdmin },
      anthropic: { url: anthropic.url, adminKey: anthropicAdmin },
      gcp: { url: gcp.url, accessToken: gcp.adminToken },
      aws: { url: aws.url, accessKeyId: aws.admin.accessKeyId, secretAccessKey: aws.admin.secretAccessKey, roleArn: 'arn:aws:iam::{account}:role/keyshift-revoker' },
    },
    { env: {} },
  );
});

afterAll(async () => {
  await Promise.all([slack, gitlab, hf, npm, stripe, openai, anthropic, gcp, aws].map((e: Emulator) => e?.close()));
});

async function lifecycle(id: string, secret: string, parts?: Record<string, string>) {
  const issuer = reg.get(id)!;
  const ctx = reg.context(issuer);
  const c = cred(secret, id, parts);
  const before = await verifyOne(issuer, c, ctx);
  const revoked = await issuer.revoke!(c, ctx);
  const after = await verifyOne(issuer, c, ctx);
  return { before, revoked, after };
}

describe('issuers against their emulators', () => {
  it('slack: auth.test identifies, auth.revoke revokes itself', async () => {
    const t = slack.mint({ owner: 'ci-bot', scopes: ['chat:write', 'files:write'] });
    const { before, revoked, after } = await lifecycle('slack', t.token);
    expect(before.status).toBe('live');
    expect(before.identity).toMatchObject({ owner: 'ci-bot', scopes: ['chat:write', 'files:write'] });
    expect(revoked.outcome).toBe('revoked');
    expect(after).toMatchObject({ status: 'invalid', detail: 'invalid_auth' });
    expect(t.revocations).toBe(1);
  });

  it('gitlab: personal_access_tokens/self identifies, DELETE self revokes', async () => {
    const t = gitlab.mint({ userId: 7, scopes: ['api', 'read_repository'] });
    const { before, revoked, after } = await lifecycle('gitlab', t.token);
    expect(before.identity).toMatchObject({ owner: 'user:7', keyId: t.id, scopes: ['api', 'read_repository'] });
    expect(before.identity?.expiresAt).toBe(t.expiresAt!.slice(0, 10));
    expect(revoked).toMatchObject({ outcome: 'revoked', httpStatus: 204 });
    expect(after.status).toBe('invalid');
    expect(t.revocations).toBe(1);
  });

  it('huggingface: whoami-v2 identifies, credentials/revoke reports', async () => {
    const t = hf.mint({ owner: 'alice', role: 'write' });
    const { before, revoked, after } = await lifecycle('huggingface', t.token);
    expect(before.identity).toMatchObject({ owner: 'alice', scopes: ['write'] });
    expect(revoked).toMatchObject({ outcome: 'reported', httpStatus: 202 });
    expect(after.status).toBe('invalid');
    expect(t.revocations).toBe(1);
  });

  it('npm: whoami, token list matched by redacted form, DELETE by key', async () => {
    const other = npm.mint({ owner: 'publisher' });
    const t = npm.mint({ owner: 'publisher', readonly: true });
    const { before, revoked, after } = await lifecycle('npm', t.token);
    expect(before.identity).toMatchObject({ owner: 'publisher', keyId: t.id, scopes: ['read-only'] });
    expect(revoked.outcome).toBe('revoked');
    expect(after.status).toBe('invalid');
    expect(t.revocations).toBe(1);
    expect(other.status).toBe('active');
  });

  it('stripe: balance verifies; revoke is a manual roll and touches nothing', async () => {
    const t = stripe.mint();
    const { before, revoked, after } = await lifecycle('stripe', t.token);
    expect(before).toMatchObject({ status: 'live', identity: { livemode: true } });
    expect(revoked.outcome).toBe('manual');
    expect(revoked.detail).toMatch(/manual roll required/);
    expect(after.status).toBe('live');
    expect((await verifyOne(reg.get('stripe')!, cred('sk_live_' + 'x1'.repeat(20), 'stripe'), reg.context(reg.get('stripe')!))).status).toBe('invalid');
  });

  it('openai: models verifies; admin API finds the key by redacted_value and deletes it', async () => {
    openai.mint({ project: 'proj_other' });
    const t = openai.mint({ project: 'proj_web', owner: 'carol' });
    const { before, revoked, after } = await lifecycle('openai', t.token);
    expect(before.identity).toMatchObject({ keyId: t.id, project: 'proj_web', owner: 'carol@acme.test', account: 'org-acme' });
    expect(revoked.outcome).toBe('revoked');
    expect(after.status).toBe('invalid');
    expect(t.revocations).toBe(1);
  });

  it('anthropic: models verifies; admin API matches partial_key_hint and sets inactive', async () => {
    const t = anthropic.mint({ workspace: 'wrkspc_01ml' });
    const { before, revoked, after } = await lifecycle('anthropic', t.token);
    expect(before.identity).toMatchObject({ keyId: t.id, account: 'wrkspc_01ml', status: 'active' });
    expect(revoked.outcome).toBe('deactivated');
    expect(after.status).toBe('invalid');
    expect(t.revocations).toBe(1);
  });

  it('gcp: JWT-bearer grant at the configured token endpoint, never the key file token_uri; disable by key id', async () => {
    const t = gcp.mint({ project: 'acme-prod', name: 'deployer' });
    expect(JSON.parse(t.token).token_uri).toContain('attacker.invalid');
    const { before, revoked, after } = await lifecycle('gcp', t.token);
    expect(before).toMatchObject({ status: 'live', identity: { owner: 'deployer@acme-prod.iam.gserviceaccount.com', keyId: t.id, keyType: 'USER_MANAGED', disabled: false } });
    expect(revoked.outcome).toBe('deactivated');
    expect(t.extra.disableReason).toBe('SERVICE_ACCOUNT_KEY_DISABLE_REASON_EXPOSED');
    expect(after).toMatchObject({ status: 'invalid', detail: 'invalid_grant' });
    expect(t.revocations).toBe(1);
    expect(gcp.requests.every((r) => r.path === '/token' || r.path.startsWith('/v1/projects/'))).toBe(true);
  });

  it('aws: GetCallerIdentity (SigV4-checked) verifies, org role deactivates and quarantines', async () => {
    const t = aws.mint({ account: '210987654321', userName: 'deploy' });
    const { before, revoked, after } = await lifecycle('aws', t.token, { secretAccessKey: String(t.extra.secret) });
    expect(before).toMatchObject({ status: 'live', identity: { account: '210987654321', owner: 'deploy', keyId: t.token } });
    expect(before.identity?.lastUsedAt).toBeTruthy();
    expect(revoked.outcome).toBe('deactivated');
    expect(aws.policiesOf('deploy', '210987654321')).toEqual(['arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2']);
    expect(after).toMatchObject({ status: 'invalid', detail: 'InvalidClientTokenId' });
    expect(t.revocations).toBe(1);
  });

  it('aws: a wrong secret key is invalid (signature mismatch), a lone key id is unknown', async () => {
    const t = aws.mint();
    const issuer = reg.get('aws')!;
    const ctx = reg.context(issuer);
    expect(await verifyOne(issuer, cred(t.token, 'aws', { secretAccessKey: 'A'.repeat(40) }), ctx)).toMatchObject({ status: 'invalid', detail: 'SignatureDoesNotMatch' });
    expect((await verifyOne(issuer, cred(t.token, 'aws'), ctx)).status).toBe('unknown');
    expect(t.status).toBe('active');
  });

  it('admin keys verify on an admin read; unknown keys are invalid', async () => {
    const oi = reg.get('openai')!;
    const an = reg.get('anthropic')!;
    expect((await verifyOne(oi, cred(openai.mintAdmin().token, 'openai'), reg.context(oi))).status).toBe('live');
    expect((await verifyOne(an, cred(anthropic.mintAdmin().token, 'anthropic'), reg.context(an))).status).toBe('live');
    expect((await verifyOne(an, cred(`sk-ant-admin01-${'a'.repeat(93)}AA`, 'anthropic'), reg.context(an))).status).toBe('invalid');
    expect(openai.requests.some((r) => r.path === '/v1/organization/projects')).toBe(true);
  });

  it('admin-key issuers cannot revoke without an admin key', async () => {
    const bare = new IssuerRegistry({ openai: { url: openai.url }, anthropic: { url: anthropic.url } }, { env: {} });
    for (const id of ['openai', 'anthropic']) {
      const i = bare.get(id)!;
      expect(i.canRevoke!(cred('x', id), bare.context(i))).toBe(false);
    }
  });
});
