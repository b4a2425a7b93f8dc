// After a unit is scanned: record every sighting in the reuse index, then hand each credential
// with a known issuer to its verify queue, sealed. Revoked credentials are not verified again.
import type { Finding } from '../core/types.ts';
import { secretOf } from '../core/secret.ts';
import { seal } from '../queue/seal.ts';
import { ids } from '../queue/ids.ts';
import type { Annotation, Place, Repo } from '../queue/schemas.ts';
import { pairFindings, isCompanion } from './pair.ts';
import type { Pipeline } from './ports.ts';

export interface RecordContext {
  installationId: number;
  repo: Repo;
  receivedAt?: number;
  runId?: number;
}

export async function recordFindings(p: Pipeline, ctx: RecordContext, findings: Finding[]): Promise<Annotation[]> {
  const annotations: Annotation[] = [];
  const fullName = `${ctx.repo.owner}/${ctx.repo.name}`;
  for (const { finding: f, parts } of pairFindings(findings)) {
    const place: Place = {
      repo: fullName,
      path: f.path,
      line: f.line,
      source: f.source,
      ...(f.commit ? { commit: f.commit } : {}),
      ...(ctx.runId !== undefined ? { runId: ctx.runId } : {}),
      ...(f.step ? { step: f.step } : {}),
      ...(ctx.repo.private !== undefined ? { private: ctx.repo.private } : {}),
    };
    const reuse = await p.store.record({
      fingerprint: f.fingerprint, detector: f.detector, name: f.name, redacted: f.redacted, lifetime: f.lifetime,
      org: ctx.repo.owner, place, ...(f.issuer ? { issuer: f.issuer } : {}),
    });
    await p.metrics.inc('findings');
    annotations.push({
      path: f.path, line: Math.max(1, f.line), endLine: Math.max(1, f.endLine), detector: f.detector, name: f.name,
      redacted: f.redacted, fingerprint: f.fingerprint, reused: reuse.reused,
    });
    const secret = secretOf(f);
    const issuer = p.issuers.get(f.issuer);
    if (!secret || !issuer || isCompanion(f, findings)) continue;
    const known = await p.store.get(f.fingerprint);
    if (known?.state === 'revoked') continue;
    await p.queues.add(
      'verify',
      {
        fingerprint: f.fingerprint, detector: f.detector, issuer: issuer.id, lifetime: f.lifetime, place,
        sealed: await seal({ secret, ...(parts ? { parts } : {}) }, f.fingerprint),
        installationId: ctx.installationId, ...(ctx.receivedAt ? { receivedAt: ctx.receivedAt } : {}),
      },
      { issuer: issuer.id, jobId: ids.verify(f.fingerprint) },
    );
  }
  return annotations;
}
