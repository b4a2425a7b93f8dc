// The remediate stage: a shallow checkout with a write token for this one repository, a fresh scan
// of the tree (values stay in memory), the policy's open-pr decision per stored credential, the
// remediators' plan, and one pull request per change set through the GitHub layer. Off unless
// enabled; debounced per repository so a burst of scans opens one PR.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { scanTree } from '../core/scan.ts';
import { secretOf } from '../core/secret.ts';
import type { RemediateJob } from '../queue/schemas.ts';
import { planRepo } from '../remediators/index.ts';
import { treeReader } from '../remediators/reader.ts';
import type { PolicyInput } from '../policy/evaluate.ts';
import { git } from './git.ts';
import type { Pipeline } from './ports.ts';

export async function runRemediate(p: Pipeline, job: RemediateJob): Promise<{ action: string; findings: number }> {
  if (!p.remediateEnabled) return { action: 'disabled', findings: 0 };
  const repo = job.repo;
  const token = await p.github.token(job.installationId, { repositoryIds: [repo.id], permissions: { contents: 'write', pull_requests: 'write', issues: 'write', metadata: 'read' } });
  const dir = await mkdtemp(join(p.workdir, `fix-${repo.id}-`));
  try {
    const root = join(dir, 'tree');
    await git(['clone', '--depth', '1', '--no-recurse-submodules', '--quiet', '--', p.github.cloneUrl(repo), root], { auth: { token } });
    const report = await scanTree(root, p.engine);
    const wanted = job.fingerprints ? new Set(job.fingerprints) : undefined;
    const chosen = [];
    for (const f of report.findings) {
      if (wanted && !wanted.has(f.fingerprint)) continue;
      const stored = await p.store.get(f.fingerprint);
      if (!stored) continue;
      const input: PolicyInput = {
        fingerprint: f.fingerprint, detector: f.detector, issuer: f.issuer ?? 'generic', lifetime: f.lifetime,
        liveness: stored.verification ?? 'unknown', exposure: repo.private === false ? ['public-repo'] : ['private-repo'],
        places: stored.places.length, reused: stored.reused, revocable: 'none', validated: f.validated,
      };
      if (p.policy.decide(input).openPr) chosen.push(f);
    }
    if (!chosen.length) return { action: 'nothing to remediate', findings: 0 };
    const plan = await planRepo(chosen, treeReader(root, { owner: repo.owner, repo: repo.name, defaultBranch: repo.defaultBranch ?? 'main' }));
    if (!plan.combined) return { action: 'no remediator applies', findings: chosen.length };
    const secrets = report.findings.map(secretOf).filter((s): s is string => !!s);
    const r = await p.github.openPull(job.installationId, repo, plan.combined, secrets);
    for (const fp of plan.combined.fingerprints) if ((await p.store.get(fp))?.state === 'open') await p.store.setState(fp, 'pr-open');
    p.log.info({ repo: `${repo.owner}/${repo.name}`, action: r.action, pull: r.number, remediators: plan.combined.remediators }, 'remediation');
    return { action: r.action, findings: chosen.length };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
