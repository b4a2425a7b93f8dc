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
export async function planRepo(findings: Finding[], repo: RepoReader, list = remediators): Promise<RepoPlan> {
  const groups = new Map<Remediator, Finding[]>();
  const unhandled: Finding[] = [];
  for (const f of findings) {
    if (f.lifetime === 'ephemeral') continue;
    const r = remediatorFor(f, list);
    if (r) groups.set(r, [...(groups.get(r) ?? []), f]);
    else unhandled.push(f);
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
  return { sets, combined: mergeChangeSets(sets), unhandled, errors };
}
