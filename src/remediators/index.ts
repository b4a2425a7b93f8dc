// Remediator registry. Order matters: the first remediator whose appliesTo() accepts a finding owns it.
import type { Finding } from '../core/types.ts';
import type { ChangeSet, Remediator, RepoReader } from './types.ts';
import { mergeChangeSets } from './changeset.ts';
import { overlay } from './reader.ts';
import { scrub } from '../core/redact.ts';
import { secretOf } from '../core/secret.ts';
import { mcpConfig } from './mcp-config/index.ts';
import { dotenv } from './dotenv/index.ts';
import { awsActionsOidc } from './aws-actions-oidc/index.ts';
import { gcpActionsWif } from './gcp-actions-wif/index.ts';
import { azureActionsOidc } from './azure-actions-oidc/index.ts';
import { githubPatActions } from './github-pat-actions/index.ts';
import { npmTrustedPublishing } from './npm-trusted-publishing/index.ts';
import { pypiTrustedPublishing } from './pypi-trusted-publishing/index.ts';
import { vaultActionsJwt } from './vault-actions-jwt/index.ts';
import { aiProviderWif } from './ai-provider-wif/index.ts';
import { sourceLiteral } from './source-literal/index.ts';

export const remediators: Remediator[] = [
  mcpConfig,
  dotenv,
  awsActionsOidc,
  gcpActionsWif,
  azureActionsOidc,
  githubPatActions,
  npmTrustedPublishing,
  pypiTrustedPublishing,
  vaultActionsJwt,
  aiProviderWif,
  sourceLiteral,
];

export function remediatorFor(f: Finding, list = remediators): Remediator | undefined {
  return list.find((r) => r.appliesTo(f));
}

export interface RepoPlan {
  /** One change set per remediator that changed something, in registry order. */
  sets: ChangeSet[];
  /** All of them as one change set (one pull request per repository run). */
  combined: ChangeSet | null;
  /** Findings no remediator handles, and remediator failures (messages carry no secret). */
  unhandled: Finding[];
  errors: { remediator: string; message: string }[];
}

/**
 * Plan every remediation for a repository. Each remediator plans against the result of the ones
 * before it, so two remediators editing one file compose instead of conflicting.
 */
/** Findings with a known issuer sort before generic ones, so they pick remediators and names. */
function specificity(f: Finding): number {
  const generic = !f.issuer || f.issuer === 'generic' || f.detector.startsWith('generic') || f.detector.startsWith('http-') || f.detector === 'agent-config-literal';
  return generic ? 1 : 0;
}

/**
 * Plan every remediation for a repository. Each remediator plans against the result of the ones
 * before it, so two remediators editing one file compose instead of conflicting. Several detectors
 * matching one value (same path and fingerprint) are routed together by the most specific one.
 * A finding counts as handled when its value no longer occurs in its file after all plans.
 */
export async function planRepo(findings: Finding[], repo: RepoReader, list = remediators): Promise<RepoPlan> {
  const sorted = findings.filter((f) => f.lifetime !== 'ephemeral').sort((a, b) => specificity(a) - specificity(b));
  const owner = new Map<string, Remediator | undefined>();
  const groups = new Map<Remediator, Finding[]>();
  for (const f of sorted) {
    const key = `${f.path}\0${f.fingerprint}`;
    if (!owner.has(key)) owner.set(key, remediatorFor(f, list));
    const r = owner.get(key) ?? remediatorFor(f, list);
    if (r) groups.set(r, [...(groups.get(r) ?? []), f]);
  }
  const sets: ChangeSet[] = [];
  const errors: RepoPlan['errors'] = [];
  let view = repo;
  for (const r of list) {
    const fs = groups.get(r);
    if (!fs) continue;
    try {
      const set = await r.plan(fs, view);
      if (!set) continue;
      sets.push(set);
      view = overlay(view, set.files);
    } catch (err) {
      const secrets = fs.map(secretOf).filter((s): s is string => !!s);
      errors.push({ remediator: r.id, message: scrub((err instanceof Error ? err.message : String(err)).split('\n')[0]!, secrets).slice(0, 200) });
    }
  }
  const unhandled: Finding[] = [];
  for (const f of sorted) {
    const secret = secretOf(f);
    const text = await view.read(f.path);
    if (text !== null && (secret === undefined || text.includes(secret))) unhandled.push(f);
  }
  return { sets, combined: mergeChangeSets(sets), unhandled, errors };
}
