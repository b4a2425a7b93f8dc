// The events stage: turns one reduced webhook into the next jobs. Pure routing, no GitHub calls.
import type { EventJob, ScanJob } from '../queue/schemas.ts';
import { ids } from '../queue/ids.ts';
import { ensureOrgScan, removeOrgScan } from './schedulers.ts';
import type { Pipeline } from './ports.ts';

const ZERO = /^0+$/;

export type Routed = { stage: string; id?: string } | { ignored: string };

export async function routeEvent(p: Pipeline, e: EventJob): Promise<Routed> {
  const inst = e.installationId;
  if (inst === undefined) return { ignored: 'no installation' };
  const base = { installationId: inst, receivedAt: e.receivedAt };
  switch (e.event) {
    case 'push': {
      if (!e.repo || !e.push || e.push.deleted || ZERO.test(e.push.after)) return { ignored: 'branch deletion' };
      const job: ScanJob = { ...base, repo: e.repo, kind: 'push', headSha: e.push.after, ref: e.push.ref, ...(ZERO.test(e.push.before) ? {} : { baseSha: e.push.before }) };
      const id = ids.scan(e.repo, e.push.after);
      // A burst of pushes to one branch: one scan running, one waiting with the latest head.
      await p.queues.add('scan', job, { jobId: id, deduplication: { id: ids.scanDedup(e.repo, e.push.ref), keepLastIfActive: true } });
      return { stage: 'scan', id };
    }
    case 'pull_request': {
      if (!e.repo || !e.pr) return { ignored: 'no pull request' };
      const id = ids.scan(e.repo, e.pr.headSha);
      await p.queues.add('scan', { ...base, repo: e.repo, kind: 'pr', headSha: e.pr.headSha, prNumber: e.pr.number, ...(e.pr.baseSha ? { baseSha: e.pr.baseSha } : {}) }, { jobId: id });
      return { stage: 'scan', id };
    }
    case 'workflow_run': {
      if (!e.repo || !e.run) return { ignored: 'no run' };
      const id = ids.logs(e.repo.id, e.run.id, e.run.attempt);
      await p.queues.add('scan', { ...base, repo: e.repo, kind: 'logs', runId: e.run.id, runAttempt: e.run.attempt, ...(e.run.headSha ? { headSha: e.run.headSha } : {}) }, { jobId: id });
      return { stage: 'scan', id };
    }
    case 'secret_scanning_alert': {
      if (!e.repo || !e.alert) return { ignored: 'no alert' };
      const id = ids.alert(e.repo.id, e.alert.number);
      await p.queues.add('scan', { ...base, repo: e.repo, kind: 'alert', alertNumber: e.alert.number }, { jobId: `${id}-${e.action ?? 'x'}` });
      return { stage: 'scan', id };
    }
    case 'installation': {
      if (e.action === 'deleted' || e.action === 'suspend') {
        await removeOrgScan(p.queues, inst);
        return { stage: 'scheduler-removed' };
      }
      await ensureOrgScan(p.queues, inst);
      return { stage: 'scheduler-upserted' };
    }
    case 'installation_repositories': {
      const added = e.repos?.added.map((r) => r.id) ?? [];
      if (!added.length) return { ignored: 'no repositories added' };
      const id = ids.enumerate(inst, e.delivery);
      await p.queues.add('enumerate', { installationId: inst, trigger: 'repos-added', only: added }, { jobId: id });
      return { stage: 'enumerate', id };
    }
  }
  return { ignored: `event ${e.event}` };
}
