// Scenario 3: issuer and GitHub faults. Every issuer client, against its emulator, under a timeout,
// a 5xx, a 429 with a long Retry-After and a malformed body: the verdict is `unknown` (never
// `invalid`), nothing throws; once the fault clears the same credential verifies `live`. Then the
// whole pipeline under GitHub faults (secondary rate limit and 429 with Retry-After, 5xx, malformed
// body on the routes it uses) and an AWS outage: the key is never marked invalid, is retried and
// revoked exactly once, the check run completes, no worker dies.
import { afterAll, describe, expect, it } from 'vitest';
import { IssuerRegistry } from '../../src/issuers/index.ts';
import { verifyOne } from '../../src/issuers/verify.ts';
import { fingerprint } from '../../src/core/fingerprint.ts';
import { startSlack } from '../emulators/slack/index.ts';
import { startGitlab } from '../emulators/gitlab/index.ts';
import { startHuggingface } from '../emulators/huggingface/index.ts';
import { startNpm } from '../emulators/npm/index.ts';
import { startStripe } from '../emulators/stripe/index.ts';
import { startOpenai } from '../emulators/openai/index.ts';
import { startAnthropic } from '../emulators/anthropic/index.ts';
import { startAws } from '../emulators/aws/index.ts';
import type { Faults, Issued } from '../emulators/_kit/server.ts';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { startWorld, envFile, type World } from '../pipeline/world.ts';
import { until } from '../pipeline/helpers.ts';
import { cred } from '../issuers/helpers.ts';
import { record } from './figures.ts';

interface KitEmu { url: string; faults: Faults; close(): Promise<void>; mint(): Issued }
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(open.map((e) => e.close()));
});

type Kind = 'timeout' | '5xx' | '429' | 'malformed';
const KINDS: Kind[] = ['timeout', '5xx', '429', 'malformed'];

function kitFault(f: Faults, kind: Kind | 'none'): void {
  delete f.delayMs; delete f.status; delete f.rateLimit; delete f.malformed;
  if (kind === 'timeout') f.delayMs = 1500;
  if (kind === '5xx') f.status = 503;
  if (kind === '429') f.rateLimit = { count: 1000, retryAfter: 3600 };
  if (kind === 'malformed') f.malformed = true;
}

const KIT: Array<[string, () => Promise<KitEmu>, (e: KitEmu) => { secret: string; parts?: Record<string, string> }, (e: KitEmu) => Record<string, string | number>]> = [
  ['slack', startSlack, (e) => ({ secret: e.mint().token }), (e) => ({ url: e.url })],
  ['gitlab', startGitlab, (e) => ({ secret: e.mint().token }), (e) => ({ url: e.url })],
  ['huggingface', startHuggingface, (e) => ({ secret: e.mint().token }), (e) => ({ url: e.url })],
  ['npm', startNpm, (e) => ({ secret: e.mint().token }), (e) => ({ url: e.url })],
  ['stripe', startStripe, (e) => ({ secret: e.mint().token }), (e) => ({ url: e.url })],
  ['openai', startOpenai, (e) => ({ secret: e.mint().token }), (e) => ({ url: e.url })],
  ['anthropic', startAnthropic, (e) => ({ secret: e.mint().token }), (e) => ({ url: e.url })],
  ['aws', startAws as unknown as () => Promise<KitEmu>, (e) => { const k = e.mint(); return { secret: k.token, parts: { secretAccessKey: String(k.extra.secret) } }; },
    (e) => { const a = (e as unknown as { admin: { accessKeyId: string; secretAccessKey: string } }).admin; return { url: e.url, accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey, roleArn: 'arn:aws:iam::{account}:role/keyshift-revoker' }; }],
];

describe('faults', () => {
  it('issuer faults: 8 issuers x timeout/5xx/429 Retry-After/malformed -> unknown (never invalid), live once cleared', async (ctx) => {
    const verdicts: Record<string, number> = {};
    let calls = 0;
    let recovered = 0;
    for (const [id, start, mint, settings] of KIT) {
      const em = await start();
      open.push(em);
      for (const kind of KINDS) {
        // A fresh registry per fault: a long Retry-After is remembered by the issuer's limiter.
        // Short timeout as a user would set it (issuers.<id>.timeoutMs), which every client honours.
        const reg = new IssuerRegistry({ [id]: { ...settings(em), timeoutMs: 300 } }, { env: {}, timeoutMs: 300, maxWaitMs: 500 });
        const issuer = reg.get(id)!;
        const c = mint(em);
        kitFault(em.faults, kind);
        const r = await verifyOne(issuer, cred(c.secret, id, c.parts), reg.context(issuer));
        calls++;
        verdicts[r.status] = (verdicts[r.status] ?? 0) + 1;
        expect(r.status, `${id} under ${kind}: ${r.detail}`).toBe('unknown');
        expect(JSON.stringify(r)).not.toContain(c.secret);
        kitFault(em.faults, 'none');
        const again = new IssuerRegistry({ [id]: settings(em) }, { env: {}, timeoutMs: 3000 });
        const ok = await verifyOne(again.get(id)!, cred(c.secret, id, c.parts), again.context(again.get(id)!));
        expect(ok.status, `${id} after ${kind} cleared: ${ok.detail}`).toBe('live');
        recovered++;
      }
    }
    record(ctx, { issuers: KIT.length, faults: calls, unknown: verdicts.unknown ?? 0, invalid: verdicts.invalid ?? 0, liveUnderFault: verdicts.live ?? 0, liveAfterClear: recovered });
  }, 120_000);

  it('GitHub issuer faults: /user timeout, 5xx, 429, secondary limit, malformed, reset -> unknown, then live', async (ctx) => {
    const gh: GithubEmulator = await startGithubEmulator();
    open.push(gh);
    const kinds = ['timeout', 'status', 'rate429', 'secondary', 'malformed', 'reset'] as const;
    let unknown = 0;
    let recovered = 0;
    for (const kind of kinds) {
      const reg = new IssuerRegistry({ github: { url: gh.url } }, { env: {}, timeoutMs: 300, maxWaitMs: 500 });
      const issuer = reg.get('github')!;
      const pat = gh.mintToken({ kind: 'ghp', owner: 'alice' });
      gh.fault({ route: '/user', kind, status: 502, retryAfter: 3600, times: 20 });
      const r = await verifyOne(issuer, cred(pat, 'github'), reg.context(issuer));
      expect(r.status, `github under ${kind}: ${r.detail}`).toBe('unknown');
      unknown++;
      (gh as unknown as { faults: unknown[] }).faults.length = 0;
      const again = new IssuerRegistry({ github: { url: gh.url } }, { env: {}, timeoutMs: 3000 });
      expect((await verifyOne(again.get('github')!, cred(pat, 'github'), again.context(again.get('github')!))).status).toBe('live');
      recovered++;
    }
    record(ctx, { faults: kinds.length, unknown, invalid: kinds.length - unknown, liveAfterClear: recovered });
  }, 60_000);

  it.skipIf(process.env.KEYSHIFT_CHAOS_FAST === '1')('pipeline under GitHub faults and an AWS outage: retried, never invalid, revoked once, check run done', async (ctx) => {
    const w: World = await startWorld();
    try {
      const key = w.aws.mint({ userName: 'deploy' });
      await w.gh.createRepo('acme/faulty', { private: false, files: { 'README.md': '# f\n' } });
      const sha = await w.gh.commit('acme/faulty', { message: 'deploy', files: { 'deploy/prod.env': envFile(key.token, String(key.extra.secret)) } });
      // GitHub: the token exchange, repository read and check-run writes fail first, in every way.
      w.gh.fault({ route: /access_tokens$/, kind: 'rate429', retryAfter: 1, times: 1 });
      w.gh.fault({ route: /access_tokens$/, kind: 'status', status: 502, times: 1 });
      w.gh.fault({ route: /check-runs/, kind: 'secondary', retryAfter: 1, times: 1 });
      w.gh.fault({ route: /check-runs/, kind: 'status', status: 503, times: 1 });
      w.gh.fault({ route: /check-runs/, kind: 'malformed', times: 1 });
      // AWS: down (503) while the key is first verified.
      w.aws.faults.status = 503;
      const t0 = Date.now();
      expect((await w.gh.sendWebhook(w.hookUrl, 'push', { installationId: w.installationId, repository: 'acme/faulty', payload: { ref: 'refs/heads/main', before: '0'.repeat(40), after: sha } })).status).toBe(202);
      const seen = new Set<string>();
      const fp = fingerprint(key.token);
      await until(async () => {
        const f = await w.p.store.get(fp);
        if (f?.verification) seen.add(String(f.verification));
        return w.aws.requests.length > 0 && f;
      }, 60_000, 100);
      await new Promise((r) => setTimeout(r, 1500));
      const during = key.status;
      w.aws.faults.status = undefined;
      await until(async () => {
        const f = await w.p.store.get(fp);
        if (f?.verification) seen.add(String(f.verification));
        return key.status === 'inactive';
      }, 90_000, 100);
      const run = await until(async () => w.gh.state.checkRuns.find((c) => c.headSha === sha && c.status === 'completed'), 60_000, 200);
      const workersAlive = w.workers!.workers.every((x) => x.isRunning());
      const ghFaultHits = w.gh.requests.filter((r) => r.status >= 429).length;
      record(ctx, { awsDuringOutage: during, verdictsSeen: [...seen].join('/'), revocations: key.revocations, ghFaultsServed: ghFaultHits, checkRun: run.conclusion ?? '', workersAlive: String(workersAlive), s: ((Date.now() - t0) / 1000).toFixed(1) });
      expect(during).toBe('active');
      expect(seen.has('invalid')).toBe(false);
      expect(key.revocations).toBe(1);
      expect(run.conclusion).toBe('failure');
      expect(ghFaultHits).toBeGreaterThanOrEqual(3);
      expect(workersAlive).toBe(true);
    } finally {
      await w.close();
    }
  }, 240_000);
});
