// The report stage: a check run with annotations (batched by the GitHub layer, 50 per request)
// and a SARIF upload. Only fingerprints, detector names and redacted previews reach GitHub.
import type { ReportJob } from '../queue/schemas.ts';
import type { Pipeline } from './ports.ts';

export function summary(job: ReportJob): string {
  const reused = job.annotations.filter((a) => a.reused).length;
  if (!job.annotations.length) return `No secrets found in ${job.scanned.blobs} new blobs (${job.scanned.bytes} bytes).`;
  return `${job.annotations.length} secret(s) found in ${job.scanned.blobs} new blobs${reused ? `, ${reused} reused elsewhere in the organisation` : ''}. Values are never shown; fingerprints identify them.`;
}

export async function runReport(p: Pipeline, job: ReportJob): Promise<void> {
  // Scheduled full scans report only what they found; pushes and pull requests always get a check.
  if (job.kind === 'full' && !job.annotations.length) return;
  await p.github.report(job.installationId, job.repo, job.headSha, { annotations: job.annotations, summary: summary(job), ...(job.ref ? { ref: job.ref } : {}) });
}
