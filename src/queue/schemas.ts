// Job payloads, validated on enqueue and on dequeue. No field may hold a secret value: only
// fingerprints, redacted previews, locations and (for verify/revoke) a sealed JWE.
import { z } from 'zod';
import type { Stage } from './names.ts';

const sha = z.string().regex(/^[0-9a-f]{7,64}$/);
const id = z.number().int().nonnegative();

export const Repo = z.object({
  id,
  owner: z.string().min(1),
  name: z.string().min(1),
  defaultBranch: z.string().optional(),
  private: z.boolean().optional(),
});
export type Repo = z.infer<typeof Repo>;

export const EventJob = z.object({
  delivery: z.string().min(1).max(100),
  event: z.string().min(1).max(60),
  action: z.string().max(60).optional(),
  installationId: id.optional(),
  receivedAt: z.number(),
  repo: Repo.optional(),
  push: z.object({ ref: z.string(), before: z.string(), after: z.string(), deleted: z.boolean().optional() }).optional(),
  pr: z.object({ number: id, headSha: sha, baseSha: sha.optional(), headRef: z.string().optional() }).optional(),
  run: z.object({ id, attempt: id.default(1), headSha: sha.optional(), conclusion: z.string().nullable().optional() }).optional(),
  alert: z.object({ number: id, secretType: z.string().optional() }).optional(),
  repos: z.object({ added: z.array(Repo), removed: z.array(Repo) }).optional(),
});
export type EventJob = z.infer<typeof EventJob>;

export const EnumerateJob = z.object({
  installationId: id,
  trigger: z.enum(['schedule', 'installation', 'manual', 'repos-added']),
  only: z.array(id).optional(),
});
export type EnumerateJob = z.infer<typeof EnumerateJob>;

export const ScanJob = z.object({
  installationId: id,
  repo: Repo,
  kind: z.enum(['push', 'pr', 'full', 'logs', 'alert']),
  headSha: sha.optional(),
  baseSha: sha.optional(),
  ref: z.string().optional(),
  prNumber: id.optional(),
  runId: id.optional(),
  runAttempt: id.optional(),
  alertNumber: id.optional(),
  receivedAt: z.number().optional(),
});
export type ScanJob = z.infer<typeof ScanJob>;

export const Place = z.object({
  repo: z.string(),
  path: z.string(),
  line: z.number().int().optional(),
  commit: z.string().optional(),
  runId: id.optional(),
  step: z.string().optional(),
  source: z.string(),
  /** Repository visibility: a public place widens exposure. */
  private: z.boolean().optional(),
});
export type Place = z.infer<typeof Place>;

export const VerifyJob = z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  detector: z.string(),
  issuer: z.string(),
  sealed: z.string().min(20),
  lifetime: z.string(),
  place: Place,
  installationId: id.optional(),
  receivedAt: z.number().optional(),
});
export type VerifyJob = z.infer<typeof VerifyJob>;

export const RevokeJob = VerifyJob.extend({ reason: z.string().max(300) });
export type RevokeJob = z.infer<typeof RevokeJob>;

export const RemediateJob = z.object({
  installationId: id,
  repo: Repo,
  /** Restrict to these credentials; default: every open finding of the repository. */
  fingerprints: z.array(z.string().regex(/^[0-9a-f]{64}$/)).optional(),
});
export type RemediateJob = z.infer<typeof RemediateJob>;

export const Annotation = z.object({
  path: z.string(),
  line: z.number().int().positive(),
  endLine: z.number().int().positive(),
  detector: z.string(),
  name: z.string(),
  redacted: z.string(),
  fingerprint: z.string(),
  reused: z.boolean().optional(),
});
export type Annotation = z.infer<typeof Annotation>;

export const ReportJob = z.object({
  installationId: id,
  repo: Repo,
  headSha: sha,
  kind: ScanJob.shape.kind,
  ref: z.string().optional(),
  annotations: z.array(Annotation),
  scanned: z.object({ blobs: z.number(), bytes: z.number() }),
});
export type ReportJob = z.infer<typeof ReportJob>;

export const schemas = {
  events: EventJob,
  enumerate: EnumerateJob,
  scan: ScanJob,
  verify: VerifyJob,
  revoke: RevokeJob,
  remediate: RemediateJob,
  report: ReportJob,
} satisfies Record<Stage, z.ZodType>;

export type JobData<S extends Stage> = z.infer<(typeof schemas)[S]>;
