// Deterministic job and deduplication ids. BullMQ ids must not contain ':' nor be all digits.
import { createHash } from 'node:crypto';
import type { Repo } from './schemas.ts';

function safe(s: string): string {
  return s.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 200);
}

export const ids = {
  event: (delivery: string) => `d-${safe(delivery)}`,
  enumerate: (installationId: number, trigger: string) => `enum-${installationId}-${safe(trigger)}`,
  /** One scan per repository and commit: a second push of the same sha is a no-op. */
  scan: (repo: Repo, headSha: string) => `scan-${repo.id}-${headSha}`,
  /** Pushes to one branch collapse: one active scan and one pending with the latest data. */
  scanDedup: (repo: Repo, ref: string) => `push-${repo.id}-${createHash('sha1').update(ref).digest('hex').slice(0, 12)}`,
  logs: (repoId: number, runId: number, attempt: number) => `logs-${repoId}-${runId}-${attempt}`,
  alert: (repoId: number, alert: number) => `alert-${repoId}-${alert}`,
  verify: (fingerprint: string) => `v-${fingerprint}`,
  revoke: (fingerprint: string) => `r-${fingerprint}`,
  /** One remediation run per repository at a time; bursts of scans collapse (debounced). */
  remediateDedup: (repoId: number) => `pr-${repoId}`,
  remediate: (repoId: number, fingerprints: string[]) =>
    `pr-${repoId}-${createHash('sha256').update([...fingerprints].sort().join(',')).digest('hex').slice(0, 16)}`,
  report: (repoId: number, headSha: string, kind: string) => `rep-${repoId}-${headSha}-${kind}`,
  scheduler: (installationId: number) => `org-scan-${installationId}`,
};
