// The scan stage: clone with a read-only token for this one repository (blobless, then the blobs
// the range introduced in one request; a first full scan clones whole), scan each unique blob once (structure-aware for configs),
// record findings, queue verification, queue the report, remember the head as scanned.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { PermanentError } from '../core/errors.ts';
import type { Annotation, ScanJob } from '../queue/schemas.ts';
import { ids } from '../queue/ids.ts';
import { blobIntroductions, catBlobs } from '../sources/history.ts';
import { scanText } from '../sources/text.ts';
import { isBinary } from '../sources/files.ts';
import { DEFAULT_MAX_FILE_BYTES } from '../sources/options.ts';
import { cloneBare, fetchCommit, hasCommit, prefetchBlobs } from './git.ts';
import { recordFindings } from './record.ts';
import { scanLogs } from './logs.ts';
import { scanAlert } from './alert.ts';
import type { Pipeline } from './ports.ts';

const ZERO = /^0+$/;

export interface ScanResult {
  blobs: number;
  bytes: number;
  findings: number;
}

/** Commits already scanned (other heads, a push's before, a PR's base) that bound this scan. */
async function boundaries(p: Pipeline, job: ScanJob, repoDir: string, head: string): Promise<string[] | undefined> {
  const tips = await p.store.scannedTips(job.repo.id);
  if (tips.includes(head)) return undefined;
  const candidates = [...tips];
  if (job.kind === 'pr' && job.baseSha) candidates.push(job.baseSha);
  if (job.kind === 'push' && job.baseSha && !ZERO.test(job.baseSha)) candidates.push(job.baseSha);
  const out: string[] = [];
  for (const c of candidates) if (await hasCommit(repoDir, c)) out.push(c);
  return out;
}

function refOf(job: ScanJob): string | undefined {
  if (job.ref) return job.ref;
  if (job.kind === 'pr' && job.prNumber) return `refs/pull/${job.prNumber}/head`;
  return job.repo.defaultBranch ? `refs/heads/${job.repo.defaultBranch}` : undefined;
}

export async function runScan(p: Pipeline, job: ScanJob, signal?: AbortSignal): Promise<ScanResult> {
  if (job.kind === 'logs') return scanLogs(p, job);
  if (job.kind === 'alert') return scanAlert(p, job);
  const auth = { token: await p.github.token(job.installationId, { repositoryIds: [job.repo.id], permissions: { contents: 'read', metadata: 'read' } }) };
  const dir = await mkdtemp(join(p.workdir, `scan-${job.repo.id}-`));
  const repoDir = join(dir, 'repo.git');
  try {
    // A first scan of a whole repository reads every blob: one full clone beats blobless + fetch.
    const first = (await p.store.scannedTips(job.repo.id)).length === 0 && (job.kind === 'full' || !job.baseSha || ZERO.test(job.baseSha));
    await cloneBare(p.github.cloneUrl(job.repo), repoDir, auth, { blobless: !first, ...(signal ? { signal } : {}) });
    const head = job.headSha ?? (await p.github.headSha(job.installationId, job.repo));
    if (!head) return { blobs: 0, bytes: 0, findings: 0 };
    await fetchCommit(repoDir, head, auth, signal);
    const bounds = await boundaries(p, job, repoDir, head);
    const intros = bounds ? await blobIntroductions(repoDir, [head, ...bounds.map((b) => `^${b}`)]) : [];
    if (!first) await prefetchBlobs(repoDir, intros.map((b) => b.blob), auth, signal);
    const byId = new Map(intros.map((b) => [b.blob, b]));
    const annotations: Annotation[] = [];
    const ctx = { installationId: job.installationId, repo: job.repo, ...(job.receivedAt ? { receivedAt: job.receivedAt } : {}) };
    let bytes = 0;
    let blobs = 0;
    let findings = 0;
    for await (const blob of catBlobs(repoDir, [...byId.keys()])) {
      const intro = byId.get(blob.id);
      if (!intro || !blob.data || blob.size > DEFAULT_MAX_FILE_BYTES || isBinary(blob.data)) continue;
      blobs++;
      bytes += blob.size;
      const origin = { source: 'git' as const, path: intro.path, commit: intro.commit, author: intro.author, date: intro.date };
      const found = scanText(blob.data.toString('utf8'), origin, { engine: p.engine }).findings;
      findings += found.length;
      annotations.push(...(await recordFindings(p, ctx, found)));
    }
    await p.metrics.inc('bytes_scanned', bytes);
    await p.metrics.inc('blobs_scanned', blobs);
    await p.metrics.inc('repos_scanned');
    await p.queues.add(
      'report',
      { installationId: job.installationId, repo: job.repo, headSha: head, kind: job.kind, annotations, scanned: { blobs, bytes }, ...(refOf(job) ? { ref: refOf(job) } : {}) },
      { jobId: ids.report(job.repo.id, head, job.kind) },
    );
    if (p.remediateEnabled && annotations.length) {
      // After verification has had its turn; a burst of scans of one repository collapses.
      await p.queues.add('remediate', { installationId: job.installationId, repo: job.repo }, { delay: 5000, deduplication: { id: ids.remediateDedup(job.repo.id), ttl: 5000, extend: true, replace: true } });
    }
    await p.store.markScanned(job.repo.id, head);
    return { blobs, bytes, findings };
  } catch (err) {
    if (err instanceof PermanentError) throw new PermanentError(`${job.repo.owner}/${job.repo.name}: ${err.message}`);
    throw err;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
