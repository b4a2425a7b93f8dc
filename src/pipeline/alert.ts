// secret_scanning_alert: GitHub's own detection joins the same findings store. The alert's value
// is fetched through the API into memory, fingerprinted, and verified like any other finding.
import type { Finding } from '../core/types.ts';
import { attachSecret } from '../core/secret.ts';
import { fingerprint } from '../core/fingerprint.ts';
import { redact } from '../core/redact.ts';
import { PermanentError } from '../core/errors.ts';
import type { ScanJob } from '../queue/schemas.ts';
import { recordFindings } from './record.ts';
import type { Pipeline } from './ports.ts';
import type { ScanResult } from './scan.ts';

/** GitHub secret types to keyshift issuer ids (those keyshift can verify). */
const ISSUER_OF: Record<string, string> = {
  aws_access_key_id: 'aws', github_personal_access_token: 'github', github_oauth_access_token: 'github',
  gitlab_access_token: 'gitlab', slack_api_token: 'slack', openai_api_key: 'openai', anthropic_api_key: 'anthropic',
  npm_access_token: 'npm', stripe_api_key: 'stripe', hf_user_access_token: 'huggingface', google_api_key: 'gcp',
};

export async function scanAlert(p: Pipeline, job: ScanJob): Promise<ScanResult> {
  const a = await p.github.alert(job.installationId, job.repo, job.alertNumber!);
  if (!a) throw new PermanentError(`alert ${job.alertNumber} not found`);
  // Prefer keyshift's own detector when it recognises the value.
  const own = p.engine.scan({ data: a.secret, origin: { source: 'file', path: 'alert' } })[0];
  const issuer = own?.issuer ?? ISSUER_OF[a.secretType];
  const locations = a.locations.length ? a.locations : [{ path: `secret-scanning-alert-${job.alertNumber}` }];
  const findings: Finding[] = locations.map((l) =>
    attachSecret(
      {
        detector: own?.detector ?? `github-secret-scanning/${a.secretType}`,
        name: own?.name ?? a.secretType,
        ...(issuer ? { issuer } : {}),
        path: l.path, line: l.line ?? 1, column: 1, endLine: l.line ?? 1, endColumn: 1,
        fingerprint: fingerprint(a.secret), redacted: redact(a.secret),
        lifetime: own?.lifetime ?? 'unknown', validated: own?.validated ?? false,
        source: 'git', ...(l.commit ? { commit: l.commit } : {}),
      },
      a.secret,
    ),
  );
  await recordFindings(p, { installationId: job.installationId, repo: job.repo, ...(job.receivedAt ? { receivedAt: job.receivedAt } : {}) }, findings);
  return { blobs: 0, bytes: 0, findings: findings.length };
}
