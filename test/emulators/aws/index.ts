// AWS emulator: STS (GetCallerIdentity, GetAccessKeyInfo, AssumeRole) and IAM (GetAccessKeyLastUsed,
// UpdateAccessKey, AttachUserPolicy) over the query protocol with XML answers and real SigV4 checks.
import { randomBytes } from 'node:crypto';
import { randomAlnum, startEmulator, type Emulator, type Issued, type Req, type Res } from '../_kit/server.ts';
import { parseAuth, verifySig } from './sigv4.ts';

const B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+';
const NS: Record<string, string> = { sts: 'https://sts.amazonaws.com/doc/2011-06-15/', iam: 'https://iam.amazonaws.com/doc/2010-05-08/' };
const STS = new Set(['GetCallerIdentity', 'GetAccessKeyInfo', 'AssumeRole']);
const IAM = new Set(['GetAccessKeyLastUsed', 'UpdateAccessKey', 'AttachUserPolicy']);

export interface AwsEmulator extends Emulator {
  /** An IAM user access key; `extra.secret` is the secret access key. */
  mint(opts?: { account?: string; userName?: string }): Issued;
  /** Credentials of the organisation's own automation principal (used to AssumeRole). */
  admin: { accessKeyId: string; secretAccessKey: string };
  policiesOf(userName: string, account: string): string[];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const rid = () => randomBytes(16).toString('hex');

function ok(service: 'sts' | 'iam', action: string, inner: string): Res {
  const result = inner ? `<${action}Result>${inner}</${action}Result>` : '';
  return { status: 200, headers: { 'content-type': 'text/xml' }, raw: `<${action}Response xmlns="${NS[service]}">${result}<ResponseMetadata><RequestId>${rid()}</RequestId></ResponseMetadata></${action}Response>` };
}

function fail(service: 'sts' | 'iam', status: number, code: string, message: string): Res {
  return { status, headers: { 'content-type': 'text/xml' }, raw: `<ErrorResponse xmlns="${NS[service]}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>${rid()}</RequestId></ErrorResponse>` };
}

export async function startAws(): Promise<AwsEmulator> {
  const policies = new Map<string, string[]>();
  const adminRec = { accessKeyId: `AKIA${randomAlnum(16, B32)}`, secretAccessKey: randomAlnum(40, SECRET) };

  function caller(req: Req, service: 'sts' | 'iam'): Issued | Res {
    const p = parseAuth(req.headers.authorization);
    if (!p) return fail(service, 403, 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    const rec = em.registry.live(p.keyId);
    if (!rec) return fail(service, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (rec.extra.sessionToken && req.headers['x-amz-security-token'] !== rec.extra.sessionToken) return fail(service, 403, 'InvalidClientTokenId', 'The security token included in the request is invalid.');
    if (!verifySig(req, p, String(rec.extra.secret))) return fail(service, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    rec.lastUsedAt = new Date().toISOString();
    rec.extra.lastService = service;
    return rec;
  }

  const em: Emulator = await startEmulator((req) => {
    const form = new URLSearchParams(req.body);
    const action = form.get('Action') ?? '';
    const service = IAM.has(action) ? 'iam' : 'sts';
    if (req.method !== 'POST' || (!STS.has(action) && !IAM.has(action))) return fail(service, 400, 'InvalidAction', `Could not find operation ${action}`);
    const who = caller(req, service);
    if (!('token' in who)) return who;
    const account = String(who.extra.account);
    switch (action) {
      case 'GetCallerIdentity': {
        const arn = who.extra.role ? `arn:aws:sts::${account}:assumed-role/${who.extra.role}/keyshift` : `arn:aws:iam::${account}:user/${who.owner}`;
        return ok('sts', action, `<Arn>${arn}</Arn><UserId>AIDA${who.id.toUpperCase().slice(0, 16)}</UserId><Account>${account}</Account>`);
      }
      case 'GetAccessKeyInfo': {
        const target = em.registry.byToken.get(form.get('AccessKeyId') ?? '');
        if (!target) return fail('sts', 400, 'InvalidParameterValue', 'unknown access key');
        return ok('sts', action, `<Account>${target.extra.account}</Account>`);
      }
      case 'AssumeRole': {
        const arn = form.get('RoleArn') ?? '';
        const m = /^arn:aws:iam::(\d{12}):role\/([\w+=,.@-]+)$/.exec(arn);
        if (!m || who.extra.admin !== true || !em.registry.all().some((r) => r.extra.account === m[1])) return fail('sts', 403, 'AccessDenied', `not authorized to perform: sts:AssumeRole on resource: ${arn}`);
        const keyId = `ASIA${randomAlnum(16, B32)}`;
        const secret = randomAlnum(40, SECRET);
        const sessionToken = randomBytes(48).toString('base64');
        const exp = new Date(Date.now() + Number(form.get('DurationSeconds') ?? 3600) * 1000).toISOString();
        em.registry.add(keyId, `role:${m[2]}`, { expiresAt: exp, extra: { secret, sessionToken, account: m[1], role: m[2], session: true } });
        return ok('sts', action, `<Credentials><AccessKeyId>${keyId}</AccessKeyId><SecretAccessKey>${secret}</SecretAccessKey><SessionToken>${sessionToken}</SessionToken><Expiration>${exp}</Expiration></Credentials><AssumedRoleUser><Arn>arn:aws:sts::${m[1]}:assumed-role/${m[2]}/keyshift</Arn><AssumedRoleId>AROA${randomAlnum(16, B32)}:keyshift</AssumedRoleId></AssumedRoleUser>`);
      }
    }
    // IAM: only a principal of the key's own account may act on it.
    const target = em.registry.byToken.get(form.get('AccessKeyId') ?? '');
    const userName = form.get('UserName') ?? (action === 'AttachUserPolicy' ? '' : target?.owner);
    if (action === 'AttachUserPolicy') {
      if (!who.extra.session || !em.registry.all().some((r) => r.owner === userName && r.extra.account === account && !r.extra.session)) return fail('iam', 404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`);
      const k = `${account}/${userName}`;
      policies.set(k, [...new Set([...(policies.get(k) ?? []), form.get('PolicyArn') ?? ''])]);
      return ok('iam', action, '');
    }
    if (!target || target.extra.session || target.extra.account !== account) return fail('iam', 404, 'NoSuchEntity', 'The Access Key with id cannot be found.');
    if (action === 'GetAccessKeyLastUsed') {
      const lu = target.lastUsedAt ? `<LastUsedDate>${target.lastUsedAt}</LastUsedDate><ServiceName>${target.extra.lastService ?? 'sts'}</ServiceName><Region>us-east-1</Region>` : '<ServiceName>N/A</ServiceName><Region>N/A</Region>';
      return ok('iam', action, `<UserName>${target.owner}</UserName><AccessKeyLastUsed>${lu}</AccessKeyLastUsed>`);
    }
    if (userName !== target.owner) return fail('iam', 404, 'NoSuchEntity', `The user with name ${userName} cannot be found.`);
    const status = form.get('Status');
    if (status !== 'Active' && status !== 'Inactive') return fail('iam', 400, 'ValidationError', 'Status must be Active or Inactive');
    if (status === 'Inactive' && target.status === 'active') target.revocations++;
    target.status = status === 'Inactive' ? 'inactive' : 'active';
    return ok('iam', action, '');
  });
  em.registry.add(adminRec.accessKeyId, 'keyshift-automation', { extra: { secret: adminRec.secretAccessKey, account: '999999999999', admin: true } });
  return Object.assign(em, {
    admin: adminRec,
    policiesOf: (userName: string, account: string) => policies.get(`${account}/${userName}`) ?? [],
    mint(o: { account?: string; userName?: string } = {}) {
      const secret = randomAlnum(40, SECRET);
      return em.registry.add(`AKIA${randomAlnum(16, B32)}`, o.userName ?? 'ci-deployer', { extra: { secret, account: o.account ?? '123456789012' } });
    },
  });
}
