// After a unit is scanned: record every sighting in the reuse index, then hand each credential
// with a known issuer to its verify queue, sealed (once per fingerprint per unit; an AWS secret key
// travels with its key id as a companion). Revoked credentials are not verified again.
import type { Finding } from '../core/types.ts';
import { seal } from '../queue/seal.ts';
import { ids } from '../queue/ids.ts';
import type { Annotation, Place, Repo } from '../queue/schemas.ts';
import { groupFindings } from '../issuers/group.ts';
import type { Pipeline } from './ports.ts';

export interface RecordContext {
  installationId: number;
  repo: Repo;
  receivedAt?: number;
  runId?: number;
}

function placeOf(f: Finding, ctx: RecordContext): Place {
  return {
    repo: `${ctx.repo.owner}/${ctx.repo.name}`,
    path: f.path,
    line: f.line,
    source: f.source,
    ...(f.commit ? { commit: f.commit } : {}),
    ...(ctx.runId !== undefined ? { runId: ctx.runId } : {}),
    ...(f.step ? { step: f.step } : {}),
    ...(ctx.repo.private !== undefined ? { private: ctx.repo.private } : {}),
  };
}

export async function recordFindings(p: Pipeline, ctx: RecordContext, findings: Finding[]): Promise<Annotation[]> {
  const annotations: Annotation[] = [];
  for (const f of findings) {
    const place = placeOf(f, ctx);
    const reuse = await p.store.record({
      fingerprint: f.fingerprint, detector: f.detector, name: f.name, redacted: f.redacted, lifetime: f.lifetime,
      org: ctx.repo.owner, place, ...(f.issuer ? { issuer: f.issuer } : {}),
    });
    await p.metrics.inc('findings');
    annotations.push({
      path: f.path, line: Math.max(1, f.line), endLine: Math.max(1, f.endLine), detector: f.detector, name: f.name,
      redacted: f.redacted, fingerprint: f.fingerprint, reused: reuse.reused,
    });
  }
  for (const g of groupFindings(findings)) {
    const f = g.finding;
    const issuer = p.issuers.get(f.issuer);
    if (!issuer || g.companionOf) continue;
    if ((await p.store.get(g.fingerprint))?.state === 'revoked') continue;
    const place = placeOf(f, ctx);
    await p.queues.add(
      'verify',
      {
        fingerprint: g.fingerprint, detector: f.detector, issuer: issuer.id, lifetime: f.lifetime, place,
        sealed: await seal({ secret: g.secret, ...(g.parts ? { parts: g.parts } : {}) }, g.fingerprint),
        installationId: ctx.installationId, ...(ctx.receivedAt ? { receivedAt: ctx.receivedAt } : {}),
      },
      { issuer: issuer.id, jobId: ids.verify(g.fingerprint) },
    );
  }
  return annotations;
}
