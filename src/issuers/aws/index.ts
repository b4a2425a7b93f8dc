// AWS: STS GetCallerIdentity (signed with the leaked pair) to verify; GetAccessKeyInfo for the account;
// through a configured org role (AssumeRole): IAM GetAccessKeyLastUsed, UpdateAccessKey Inactive, quarantine policy.
import { STSClient, GetCallerIdentityCommand, GetAccessKeyInfoCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { IAMClient, GetAccessKeyLastUsedCommand, UpdateAccessKeyCommand, AttachUserPolicyCommand } from '@aws-sdk/client-iam';
interface AwsCredentialIdentity { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
import { PermanentError, TransientError, UsageError } from '../../core/errors.ts';
import type { Credential, Issuer, IssuerContext } from '../types.ts';
import { checkedUrl } from '../config.ts';
import type { Identity } from '../../core/types.ts';

// keyshift supports Node 20; the SDK's future-support notice would only clutter CLI output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

export const QUARANTINE_POLICY = 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV2';
const INVALID = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'UnrecognizedClientException', 'InvalidAccessKeyId']);

const keyIdOf = (c: Credential) => c.secret;
const secretKeyOf = (c: Credential) => c.parts?.secretAccessKey;

function clientOpts(ctx: IssuerContext, credentials?: AwsCredentialIdentity, which: 'sts' | 'iam' = 'sts') {
  const configured = ctx.setting('url') !== undefined;
  const iam = ctx.setting('iamUrl');
  const endpoint = which === 'sts' ? ctx.baseUrl : iam ? checkedUrl('aws', iam) : configured ? ctx.baseUrl : 'https://iam.amazonaws.com';
  return {
    region: ctx.setting('region') ?? 'us-east-1',
    endpoint,
    maxAttempts: 1,
    // throwOnRequestTimeout: without it the SDK only warns and a silent endpoint hangs the verdict.
    requestHandler: { requestTimeout: Number(ctx.setting('timeoutMs') ?? 10_000), connectionTimeout: 5_000, throwOnRequestTimeout: true },
    ...(credentials ? { credentials } : {}),
  };
}

/** Our own credentials (the user's), from settings or the SDK's default chain. */
function ownCredentials(ctx: IssuerContext): AwsCredentialIdentity | undefined {
  const accessKeyId = ctx.setting('accessKeyId');
  const secretAccessKey = ctx.setting('secretAccessKey');
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, sessionToken: ctx.setting('sessionToken') } : undefined;
}

interface AwsErr { name?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown }

/** SDK errors to keyshift errors: invalid-credential codes stay visible to the caller; the rest are typed. */
function classify(err: unknown): never {
  const e = err as AwsErr;
  const status = e.$metadata?.httpStatusCode;
  if (status === undefined || status >= 500 || e.name === 'TimeoutError' || e.name === 'ThrottlingException' || e.name === 'Throttling') {
    throw new TransientError(`aws: ${status ? `HTTP ${status}` : 'unreachable'} (${e.name ?? 'error'})`);
  }
  if (e.name === 'Error' || e.name === 'SyntaxError' || /Deserializ|XML|parse/i.test(String((err as Error).message))) {
    throw new PermanentError(`aws: malformed response (HTTP ${status})`);
  }
  throw new PermanentError(`aws: ${e.name ?? 'error'} (HTTP ${status})`);
}

async function send<T>(ctx: IssuerContext, fn: () => Promise<T>): Promise<T> {
  await ctx.http.limiter.acquire();
  try {
    return await fn();
  } catch (err) {
    classify(err);
  }
}

async function accountOf(c: Credential, ctx: IssuerContext): Promise<string | undefined> {
  const sts = new STSClient(clientOpts(ctx, ownCredentials(ctx)));
  const out = await send(ctx, () => sts.send(new GetAccessKeyInfoCommand({ AccessKeyId: keyIdOf(c) })));
  return out.Account;
}

/** Credentials in the key's account through the org role (roleArn may contain {account}). */
async function roleCredentials(ctx: IssuerContext, account: string): Promise<AwsCredentialIdentity> {
  const template = ctx.setting('roleArn');
  if (!template) throw new UsageError('aws: needs an org role: KEYSHIFT_ISSUER_AWS_ROLE_ARN (e.g. arn:aws:iam::{account}:role/keyshift-revoker)');
  const sts = new STSClient(clientOpts(ctx, ownCredentials(ctx)));
  const out = await send(ctx, () => sts.send(new AssumeRoleCommand({ RoleArn: template.replace('{account}', account), RoleSessionName: 'keyshift', DurationSeconds: 900 })));
  const cr = out.Credentials;
  if (!cr?.AccessKeyId || !cr.SecretAccessKey) throw new PermanentError('aws: malformed response (AssumeRole without credentials)');
  return { accessKeyId: cr.AccessKeyId, secretAccessKey: cr.SecretAccessKey, sessionToken: cr.SessionToken };
}

async function lastUsed(ctx: IssuerContext, iam: IAMClient, keyId: string) {
  return send(ctx, () => iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: keyId })));
}

export const aws: Issuer = {
  id: 'aws',
  defaultUrl: 'https://sts.amazonaws.com',
  rate: { minIntervalMs: 20 },
  accepts: (s) => ['AKIA', 'ASIA'].some((p) => s.startsWith(p)),
  async verify(c, ctx) {
    const secretAccessKey = secretKeyOf(c);
    if (!/^(AKIA|ASIA)[A-Z2-7]{16}$/.test(c.secret)) return { status: 'unknown', detail: 'not an access key id' };
    if (!secretAccessKey) return { status: 'unknown', detail: 'secret access key not found next to the key id' };
    if (c.secret.startsWith('ASIA') && !c.parts?.sessionToken) return { status: 'unknown', detail: 'temporary key without its session token' };
    const sts = new STSClient(clientOpts(ctx, { accessKeyId: c.secret, secretAccessKey, sessionToken: c.parts?.sessionToken }));
    await ctx.http.limiter.acquire();
    try {
      const id = await sts.send(new GetCallerIdentityCommand({}));
      return { status: 'live', httpStatus: 200, identity: { account: id.Account, owner: id.Arn, userId: id.UserId, keyId: c.secret } };
    } catch (err) {
      const e = err as AwsErr;
      if (e.name && INVALID.has(e.name)) return { status: 'invalid', detail: e.name, httpStatus: e.$metadata?.httpStatusCode };
      classify(err);
    }
  },
  async identify(c, ctx) {
    const account = await accountOf(c, ctx);
    const id: Identity = { account, keyId: c.secret };
    if (!account || !ctx.setting('roleArn')) return id;
    const iam = new IAMClient(clientOpts(ctx, await roleCredentials(ctx, account), 'iam'));
    const lu = await lastUsed(ctx, iam, c.secret);
    const d = lu.AccessKeyLastUsed?.LastUsedDate;
    return { ...id, owner: lu.UserName, lastUsedAt: d ? d.toISOString() : undefined, lastService: lu.AccessKeyLastUsed?.ServiceName };
  },
  canRevoke: (c, ctx) => c.secret.startsWith('AKIA') && !!ctx.setting('roleArn'),
  async revoke(c, ctx) {
    if (c.secret.startsWith('ASIA')) return { outcome: 'manual', detail: 'temporary key: deny sessions of the source role (aws:TokenIssueTime) or let it expire' };
    const account = await accountOf(c, ctx);
    if (!account) return { outcome: 'failed', detail: 'account of the key not found' };
    const iam = new IAMClient(clientOpts(ctx, await roleCredentials(ctx, account), 'iam'));
    const user = (await lastUsed(ctx, iam, c.secret)).UserName;
    if (!user) return { outcome: 'failed', detail: 'owning IAM user not found' };
    await send(ctx, () => iam.send(new UpdateAccessKeyCommand({ AccessKeyId: c.secret, Status: 'Inactive', UserName: user })));
    await send(ctx, () => iam.send(new AttachUserPolicyCommand({ UserName: user, PolicyArn: ctx.setting('quarantinePolicy') ?? QUARANTINE_POLICY })));
    return { outcome: 'deactivated', detail: `key set Inactive and ${QUARANTINE_POLICY.split('/').pop()} attached to ${user}`, httpStatus: 200 };
  },
};
