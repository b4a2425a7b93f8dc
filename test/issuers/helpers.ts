// Test helpers: a Finding carrying a secret, and a registry pointed at emulators.
import type { Finding } from '../../src/core/types.ts';
import { attachSecret } from '../../src/core/secret.ts';
import { fingerprint } from '../../src/core/fingerprint.ts';
import { redact } from '../../src/core/redact.ts';
import type { Credential } from '../../src/issuers/types.ts';

export function findingFor(secret: string, issuer: string, o: Partial<Finding> = {}): Finding {
  const f: Finding = {
    detector: `${issuer}-test`,
    name: `${issuer} credential`,
    issuer,
    path: 'config/app.env',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1 + secret.length,
    fingerprint: fingerprint(secret),
    redacted: redact(secret),
    lifetime: 'static',
    validated: true,
    source: 'file',
    ...o,
  };
  return attachSecret(f, secret);
}

export function cred(secret: string, issuer: string, parts?: Record<string, string>): Credential {
  return { finding: findingFor(secret, issuer), secret, ...(parts ? { parts } : {}) };
}
