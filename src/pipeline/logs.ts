// workflow_run.completed: download the run's log archive through the API (zip, one file per
// step) and scan every step with the CI-log source; each step is its own place in the reuse index.
// Log findings have no line in the repository, so they go to the findings store, not a check run.
import type { ScanJob } from '../queue/schemas.ts';
import { scanLogArchive } from '../sources/ci-logs.ts';
import { recordFindings } from './record.ts';
import type { Pipeline } from './ports.ts';
import type { ScanResult } from './scan.ts';

export async function scanLogs(p: Pipeline, job: ScanJob): Promise<ScanResult> {
  const runId = job.runId!;
  const zip = await p.github.runLogs(job.installationId, job.repo, runId, job.runAttempt ?? 1);
  const report = await scanLogArchive(zip, { engine: p.engine });
  const ctx = { installationId: job.installationId, repo: job.repo, runId, ...(job.receivedAt ? { receivedAt: job.receivedAt } : {}) };
  await recordFindings(p, ctx, report.findings);
  await p.metrics.inc('bytes_scanned', report.stats.bytes);
  return { blobs: report.stats.files, bytes: report.stats.bytes, findings: report.findings.length };
}
