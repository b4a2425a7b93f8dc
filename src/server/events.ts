// Reduces a webhook payload to the few fields the pipeline needs. The full payload is never
// stored: commit messages and diffs in it could hold the very secrets we hunt.
import { EventJob, type Repo } from '../queue/schemas.ts';

const HANDLED: Record<string, string[] | '*'> = {
  push: '*',
  pull_request: ['opened', 'synchronize', 'reopened'],
  workflow_run: ['completed'],
  installation: ['created', 'deleted', 'suspend', 'unsuspend', 'new_permissions_accepted'],
  installation_repositories: ['added', 'removed'],
  secret_scanning_alert: ['created', 'reopened', 'publicly_leaked', 'validated'],
};

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' ? (v as Obj) : {});

function repoOf(r: unknown): Repo | undefined {
  const o = obj(r);
  if (typeof o.id !== 'number') return undefined;
  const full = typeof o.full_name === 'string' ? o.full_name : '';
  const owner = (obj(o.owner).login as string | undefined) ?? full.split('/')[0];
  const name = (o.name as string | undefined) ?? full.split('/')[1];
  if (!owner || !name) return undefined;
  return { id: o.id, owner, name, ...(typeof o.default_branch === 'string' ? { defaultBranch: o.default_branch } : {}), ...(typeof o.private === 'boolean' ? { private: o.private } : {}) };
}

/** The job for a handled event, or undefined when keyshift does not act on it. */
export function toEventJob(event: string, delivery: string, payload: unknown, receivedAt = Date.now()): EventJob | undefined {
  const p = obj(payload);
  const action = typeof p.action === 'string' ? p.action : undefined;
  const handled = HANDLED[event];
  if (!handled || (handled !== '*' && (!action || !handled.includes(action)))) return undefined;
  const inst = obj(p.installation).id;
  const job: Record<string, unknown> = { delivery, event, receivedAt };
  if (action) job.action = action;
  if (typeof inst === 'number') job.installationId = inst;
  const repo = repoOf(p.repository);
  if (repo) job.repo = repo;
  if (event === 'push') job.push = { ref: p.ref, before: p.before, after: p.after, deleted: p.deleted === true };
  if (event === 'pull_request') {
    const pr = obj(p.pull_request);
    job.pr = { number: pr.number, headSha: obj(pr.head).sha, baseSha: obj(pr.base).sha, headRef: obj(pr.head).ref };
  }
  if (event === 'workflow_run') {
    const run = obj(p.workflow_run);
    job.run = { id: run.id, attempt: run.run_attempt ?? 1, headSha: run.head_sha, conclusion: run.conclusion ?? null };
  }
  if (event === 'installation_repositories') {
    const list = (v: unknown) => (Array.isArray(v) ? v.map(repoOf).filter((r): r is Repo => !!r) : []);
    job.repos = { added: list(p.repositories_added), removed: list(p.repositories_removed) };
  }
  if (event === 'secret_scanning_alert') {
    const a = obj(p.alert);
    job.alert = { number: a.number, ...(typeof a.secret_type === 'string' ? { secretType: a.secret_type } : {}) };
  }
  return EventJob.parse(job);
}
