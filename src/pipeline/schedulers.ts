// The one place that creates and removes org-scan Job Schedulers (BullMQ v6; no legacy repeat).
// Called only from installation events (and `org-scan --schedule`), so there is a single writer.
import type { Queues } from '../queue/queues.ts';
import { ids } from '../queue/ids.ts';
import { EnumerateJob } from '../queue/schemas.ts';

export function orgScanCron(): string {
  return process.env.KEYSHIFT_ORG_SCAN_CRON || '0 3 * * *';
}

/** Upserts the daily org scan of an installation; BullMQ runs the first one right away. */
export async function ensureOrgScan(queues: Queues, installationId: number, pattern = orgScanCron()): Promise<void> {
  const data = EnumerateJob.parse({ installationId, trigger: 'schedule' });
  await queues.get('enumerate').upsertJobScheduler(ids.scheduler(installationId), { pattern, tz: 'UTC' }, { name: 'enumerate', data });
}

export async function removeOrgScan(queues: Queues, installationId: number): Promise<boolean> {
  return queues.get('enumerate').removeJobScheduler(ids.scheduler(installationId));
}
