// The enumerate stage: installation -> repositories -> one scan job per repository and head
// (jobId = repo + head sha, so a re-run or a retry after a crash adds nothing twice).
import type { EnumerateJob } from '../queue/schemas.ts';
import { ids } from '../queue/ids.ts';
import type { Pipeline } from './ports.ts';

export async function runEnumerate(p: Pipeline, job: EnumerateJob): Promise<{ repos: number; queued: number }> {
  const only = job.only ? new Set(job.only) : undefined;
  const repos = (await p.github.listRepos(job.installationId)).filter((r) => !only || only.has(r.id));
  let queued = 0;
  const batch = [];
  for (const repo of repos) {
    const head = await p.github.headSha(job.installationId, repo);
    if (!head) continue; // empty repository
    batch.push({ data: { installationId: job.installationId, repo, kind: 'full' as const, headSha: head }, opts: { jobId: ids.scan(repo, head) } });
    if (batch.length >= 100) queued += (await p.queues.addBulk('scan', batch.splice(0))).length;
  }
  if (batch.length) queued += (await p.queues.addBulk('scan', batch)).length;
  return { repos: repos.length, queued };
}
