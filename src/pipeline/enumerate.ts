// The enumerate stage: installation -> repositories -> one scan job per repository and head
// (jobId = repo + head sha, so a re-run or a retry after a crash adds nothing twice).
import type { EnumerateJob } from '../queue/schemas.ts';
import { ids } from '../queue/ids.ts';
import type { Pipeline } from './ports.ts';

export async function runEnumerate(p: Pipeline, job: EnumerateJob): Promise<{ repos: number; queued: number }> {
  const only = job.only ? new Set(job.only) : undefined;
  const repos = (await p.github.listRepos(job.installationId)).filter((r) => !only || only.has(r.id));
  let queued = 0;
  // Heads are read 8 at a time; each page of 100 repositories is queued in one round trip.
  for (let i = 0; i < repos.length; i += 100) {
    const page = repos.slice(i, i + 100);
    const heads: (string | undefined)[] = new Array(page.length);
    let next = 0;
    await Promise.all(Array.from({ length: 8 }, async () => {
      while (next < page.length) {
        const n = next++;
        heads[n] = await p.github.headSha(job.installationId, page[n]!);
      }
    }));
    const batch = page.flatMap((repo, n) => {
      const head = heads[n];
      if (!head) return []; // empty repository
      return [{ data: { installationId: job.installationId, repo, kind: 'full' as const, headSha: head }, opts: { jobId: ids.scan(repo, head) } }];
    });
    if (batch.length) queued += (await p.queues.addBulk('scan', batch)).length;
  }
  return { repos: repos.length, queued };
}
