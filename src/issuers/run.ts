// After a scan: verify and identify each credential with its issuer, decide by policy, plan revocations,
// and (with --apply) carry them out exactly once through the ledger, auditing every step.
import type { Finding, ScanReport } from '../core/types.ts';
import { describe, KeyshiftError, TransientError, UsageError } from '../core/errors.ts';
import { scrub } from '../core/redact.ts';
import { IssuerRegistry } from './index.ts';
import type { Issuer, RevokeResult } from './types.ts';
import { VerificationCache } from './cache.ts';
import { groupFindings, placesOf, reusedOf, type Group } from './group.ts';
import { verifyOne, secretsOf } from './verify.ts';
import { loadSettings, type RevocationSettings } from './settings.ts';
import { Policy, type Decision, type PolicyInput } from '../policy/evaluate.ts';
import { exposureOf } from '../policy/exposure.ts';
import type { RevocationLedger } from '../audit/ledger.ts';
import { FileLedger } from '../audit/file-ledger.ts';
import { AuditLog, type AuditSink } from '../audit/log.ts';

export interface PostOptions {
  verify?: boolean;
  revoke?: boolean;
  apply?: boolean;
  approve?: boolean;
  /** Scan root, to find .keyshift.yml. */
  root?: string;
  settings?: RevocationSettings;
  registry?: IssuerRegistry;
  policy?: Policy;
  ledger?: RevocationLedger;
  audit?: AuditSink;
  cache?: VerificationCache;
  concurrency?: number;
}

export type PlanState = 'dry-run' | 'held' | 'already' | 'manual' | 'done' | 'failed' | 'not-revocable';

export interface PlannedRevocation {
  fingerprint: string;
  redacted: string;
  detector: string;
  issuer: string;
  liveness: string;
  reasons: string[];
  state: PlanState;
  outcome?: string;
  detail?: string;
  httpStatus?: number;
  /** Liveness re-checked right after the revocation (expected: invalid). */
  confirmed?: string;
}

export interface PostResult {
  verified: { live: number; invalid: number; unknown: number };
  revocations: PlannedRevocation[];
  failCi: boolean;
  openPr: string[];
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let i = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (i < items.length) await fn(items[i++]!);
  }));
}


export async function postProcess(report: ScanReport, opts: PostOptions): Promise<PostResult> {
  const settings = opts.settings ?? loadSettings(opts.root);
  const registry = opts.registry ?? new IssuerRegistry(settings.issuers);
  const cache = opts.cache ?? new VerificationCache(settings.cacheTtlMs);
  const audit = opts.audit ?? new AuditLog(settings.auditPath);
  const result: PostResult = { verified: { live: 0, invalid: 0, unknown: 0 }, revocations: [], failCi: false, openPr: [] };
  const groups = groupFindings(report.findings);
  const issuerOf = (g: Group) => {
    const i = registry.get(g.finding.issuer);
    return i && (!i.accepts || i.accepts(g.secret)) ? i : undefined;
  };
  if (opts.root) {
    for (const g of groups) {
      const more = issuerOf(g)?.locate?.(g, opts.root);
      if (more) g.parts = { ...g.parts, ...more };
    }
  }

  // 1. Verify and identify: key ids before their companions, each credential once.
  await pool(groups.filter((g) => !g.companionOf && issuerOf(g)), opts.concurrency ?? 4, async (g) => {
    const issuer = issuerOf(g)!;
    let r = cache.get(g.fingerprint);
    if (!r) {
      r = await verifyOne(issuer, g, registry.context(issuer));
      cache.set(g.fingerprint, r);
    }
    result.verified[r.status]++;
    const verification = { status: r.status, ...(r.detail ? { detail: r.detail } : {}), checkedAt: new Date().toISOString() };
    const targets = [g, ...groups.filter((c) => c.companionOf === g.fingerprint)];
    for (const t of targets) for (const f of t.findings) {
      f.verification = verification;
      if (r.identity) f.identity = r.identity;
    }
    audit.append({ kind: 'verify', fingerprint: g.fingerprint, redacted: g.finding.redacted, detector: g.finding.detector, issuer: issuer.id, status: r.status, httpStatus: r.httpStatus, detail: r.detail }, secretsOf(g));
  });
  if (!opts.revoke) return result;

  // 2. Policy over every credential.
  const policy = opts.policy ?? Policy.load(settings.policyText, settings.policySource);
  const ledger = opts.ledger ?? new FileLedger(settings.ledgerPath);
  const apply = !!opts.apply || settings.apply;
  const mode = apply ? 'apply' : 'dry-run';
  const todo: { g: Group; issuer: Issuer; plan: PlannedRevocation }[] = [];
  for (const g of groups) {
    const issuer = issuerOf(g);
    const ctx = issuer ? registry.context(issuer) : undefined;
    const revocable: PolicyInput['revocable'] = !issuer || !ctx || g.companionOf || !issuer.revoke ? 'none'
      : issuer.canRevoke && !issuer.canRevoke(g, ctx) ? 'none' : (issuer.revocation ?? 'api');
    const input: PolicyInput = {
      fingerprint: g.fingerprint,
      detector: g.finding.detector,
      issuer: issuer?.id ?? g.finding.issuer ?? '',
      lifetime: g.finding.lifetime,
      liveness: g.finding.verification?.status ?? 'unchecked',
      exposure: exposureOf(g.findings, settings.exposure),
      places: placesOf(g),
      reused: reusedOf(g),
      revocable,
      validated: g.finding.validated,
    };
    const d: Decision = policy.decide(input);
    audit.append({ kind: 'decision', fingerprint: g.fingerprint, redacted: g.finding.redacted, detector: input.detector, issuer: input.issuer, mode, policy: { input: { ...input }, decision: { ...d } } }, secretsOf(g));
    if (d.failCi) result.failCi = true;
    if (d.openPr) result.openPr.push(g.fingerprint);
    if (!d.revoke || !issuer) continue;
    const plan: PlannedRevocation = { fingerprint: g.fingerprint, redacted: g.finding.redacted, detector: input.detector, issuer: issuer.id, liveness: input.liveness, reasons: d.reasons.revoke ?? [], state: 'dry-run' };
    result.revocations.push(plan);
    const prior = await ledger.revocation(g.fingerprint);
    if (prior && prior.state !== 'retryable') {
      Object.assign(plan, { state: 'already', outcome: prior.outcome, detail: prior.state === 'intent' ? 'in doubt: intent recorded without a result' : prior.detail });
      continue;
    }
    if (revocable === 'none') {
      plan.state = 'not-revocable';
      plan.detail = 'issuer cannot revoke it with the current configuration';
      continue;
    }
    const needsApproval = d.hold || settings.approval === 'required';
    if (needsApproval) {
      if (opts.approve && apply) {
        await ledger.approve(g.fingerprint, 'cli --approve');
        audit.append({ kind: 'approve', fingerprint: g.fingerprint, redacted: g.finding.redacted, issuer: issuer.id, by: 'cli --approve', mode });
      }
      const approval = opts.approve ? 'approved' : await ledger.approval(g.fingerprint);
      if (approval !== 'approved') {
        plan.state = 'held';
        plan.reasons = [...plan.reasons, ...(d.reasons.hold ?? []), ...(settings.approval === 'required' ? ['approval: required'] : [])];
        if (apply) {
          await ledger.hold(g.fingerprint, { issuer: issuer.id, redacted: g.finding.redacted });
          audit.append({ kind: 'hold', fingerprint: g.fingerprint, redacted: g.finding.redacted, issuer: issuer.id, mode });
        }
        continue;
      }
    }
    if (!apply) continue;
    todo.push({ g, issuer, plan });
  }

  // 3. Apply: claim (intent, durable) -> issuer call -> result (durable), grouped per issuer for batch APIs.
  const byIssuer = new Map<Issuer, typeof todo>();
  for (const t of todo) byIssuer.set(t.issuer, [...(byIssuer.get(t.issuer) ?? []), t]);
  for (const [issuer, items] of byIssuer) {
    const ctx = registry.context(issuer);
    const claimed: typeof todo = [];
    for (const t of items) {
      if (t.issuer.revocation === 'manual') {
        const r = await t.issuer.revoke!(t.g, ctx);
        Object.assign(t.plan, { state: 'manual', outcome: r.outcome, detail: r.detail });
        audit.append({ kind: 'revoke', fingerprint: t.g.fingerprint, redacted: t.g.finding.redacted, issuer: issuer.id, mode, outcome: r.outcome, detail: r.detail });
        continue;
      }
      if (await ledger.claim(t.g.fingerprint, { issuer: issuer.id, redacted: t.g.finding.redacted })) claimed.push(t);
      else Object.assign(t.plan, { state: 'already', detail: 'claimed by another run' });
    }
    if (!claimed.length) continue;
    let results: RevokeResult[];
    let retryable = false;
    try {
      results = issuer.revokeMany ? await issuer.revokeMany(claimed.map((t) => t.g), ctx) : await Promise.all(claimed.map((t) => issuer.revoke!(t.g, ctx)));
    } catch (err) {
      retryable = err instanceof TransientError || err instanceof UsageError;
      const detail = scrub(err instanceof KeyshiftError ? err.message : describe(err), claimed.flatMap((t) => secretsOf(t.g)));
      results = claimed.map(() => ({ outcome: 'failed', detail }));
    }
    for (let i = 0; i < claimed.length; i++) {
      const t = claimed[i]!;
      const r = results[i] ?? { outcome: 'failed', detail: 'no result' };
      await ledger.complete(t.g.fingerprint, { outcome: r.outcome, detail: r.detail, httpStatus: r.httpStatus, retryable });
      audit.append({ kind: 'revoke', fingerprint: t.g.fingerprint, redacted: t.g.finding.redacted, issuer: issuer.id, mode, outcome: r.outcome, httpStatus: r.httpStatus, detail: r.detail }, secretsOf(t.g));
      Object.assign(t.plan, { state: r.outcome === 'failed' ? 'failed' : 'done', outcome: r.outcome, detail: r.detail, httpStatus: r.httpStatus });
      cache.delete(t.g.fingerprint);
    }
    // Re-verify what the issuer says it killed: the confirmation lands in the plan and the audit log.
    for (const t of claimed) {
      if (!['revoked', 'deactivated', 'reported'].includes(t.plan.outcome ?? '') || issuer.revocation === 'report') continue;
      const v = await verifyOne(issuer, t.g, ctx);
      t.plan.confirmed = v.status;
      audit.append({ kind: 'confirm', fingerprint: t.g.fingerprint, redacted: t.g.finding.redacted, issuer: issuer.id, status: v.status, httpStatus: v.httpStatus, detail: v.detail }, secretsOf(t.g));
    }
  }
  return result;
}

/** One line per planned revocation, for stderr. */
export function formatPlan(r: PostResult): string {
  return r.revocations
    .map((p) => `revoke ${p.state.padEnd(13)} ${p.issuer.padEnd(11)} ${p.redacted} ${p.fingerprint.slice(0, 12)}${p.outcome ? ` -> ${p.outcome}` : ''}${p.detail ? ` (${p.detail})` : ''}${p.confirmed ? `, now ${p.confirmed}` : ''}`)
    .join('\n');
}
