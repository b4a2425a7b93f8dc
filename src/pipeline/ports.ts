// What the pipeline stages need from the outside world. Workers wire real implementations
// (src/github, src/issuers, src/policy, the revocation ledger); tests wire the same ones to emulators.
import type { Logger } from 'pino';
import type { Engine } from '../core/engine.ts';
import type { Queues } from '../queue/queues.ts';
import type { Repo, Annotation } from '../queue/schemas.ts';
import type { FindingStore } from '../store/findings.ts';
import type { PipelineMetrics } from '../store/metrics.ts';
import type { IssuerRegistry } from '../issuers/index.ts';
import type { RevokeResult } from '../issuers/types.ts';
import type { Policy } from '../policy/evaluate.ts';
import type { ChangeSet } from '../remediators/types.ts';

export interface AlertSecret {
  secret: string;
  secretType: string;
  locations: { path: string; line?: number; commit?: string }[];
}

export interface CheckReport {
  annotations: Annotation[];
  summary: string;
  sarif?: unknown;
  ref?: string;
}

export interface GitHubPort {
  /** Installation token narrowed to some repositories and permissions (cached by the implementation). */
  token(installationId: number, scope: { repositoryIds?: number[]; permissions: Record<string, 'read' | 'write'> }): Promise<string>;
  cloneUrl(repo: Repo): string;
  listRepos(installationId: number): Promise<Repo[]>;
  headSha(installationId: number, repo: Repo): Promise<string | undefined>;
  runLogs(installationId: number, repo: Repo, runId: number, attempt: number): Promise<Buffer>;
  alert(installationId: number, repo: Repo, alertNumber: number): Promise<AlertSecret | undefined>;
  report(installationId: number, repo: Repo, headSha: string, r: CheckReport): Promise<void>;
  /** Opens or updates the remediation pull request (or issue) for a change set; returns its action. */
  openPull(installationId: number, repo: Repo, set: ChangeSet, secrets: string[]): Promise<{ action: string; number?: number }>;
}

export interface LedgerPort {
  /** Runs `revoke` at most once to completion per fingerprint; later calls get the recorded result. */
  once(fingerprint: string, meta: { issuer: string; redacted: string }, revoke: () => Promise<RevokeResult>): Promise<{ result: RevokeResult; fresh: boolean }>;
}

export interface Pipeline {
  queues: Queues;
  store: FindingStore;
  metrics: PipelineMetrics;
  log: Logger;
  github: GitHubPort;
  engine: Engine;
  issuers: IssuerRegistry;
  policy: Policy;
  ledger: LedgerPort;
  /** Revocation is dry-run unless enabled (KEYSHIFT_REVOKE=1 / pipeline.revoke: true). */
  revokeEnabled: boolean;
  /** Remediation pull requests are off unless enabled (KEYSHIFT_REMEDIATE=1 / pipeline.remediate: true). */
  remediateEnabled?: boolean;
  workdir: string;
}
