// Which issuer a finding belongs to, from its `issuer` field or its detector id prefix.
import type { Finding } from '../../core/types.ts';

const ALIASES: Record<string, string> = {
  amazon: 'aws', aws: 'aws', gcp: 'gcp', google: 'gcp', 'google-cloud': 'gcp', googlecloud: 'gcp',
  azure: 'azure', entra: 'azure', microsoft: 'azure', github: 'github', npm: 'npm', npmjs: 'npm',
  pypi: 'pypi', vault: 'vault', hashicorp: 'vault', openai: 'openai', anthropic: 'anthropic', claude: 'anthropic',
};

/** Canonical issuer id ('aws', 'gcp', ...) or the raw lower-cased issuer/prefix. */
export function issuerOf(f: Finding): string {
  const raw = (f.issuer ?? '').toLowerCase().trim();
  if (raw) return ALIASES[raw] ?? ALIASES[raw.split(/[-_. ]/)[0]!] ?? raw;
  const prefix = f.detector.toLowerCase().split('-')[0] ?? '';
  return ALIASES[prefix] ?? prefix;
}

export function isIssuer(f: Finding, ...ids: string[]): boolean {
  return ids.includes(issuerOf(f));
}

/** AWS secret access key (the 40-char half) vs access key id, by detector id. */
export function isAwsSecretKey(f: Finding): boolean {
  return isIssuer(f, 'aws') && f.detector.includes('secret');
}

/** Fallback env var name for a credential of this issuer. */
export function envNameFor(f: Finding): string {
  switch (issuerOf(f)) {
    case 'aws': return isAwsSecretKey(f) ? 'AWS_SECRET_ACCESS_KEY' : 'AWS_ACCESS_KEY_ID';
    case 'openai': return 'OPENAI_API_KEY';
    case 'anthropic': return 'ANTHROPIC_API_KEY';
    case 'github': return 'GITHUB_TOKEN';
    case 'npm': return 'NPM_TOKEN';
    case 'pypi': return 'PYPI_API_TOKEN';
    case 'vault': return 'VAULT_TOKEN';
    case 'gcp': return 'GOOGLE_API_KEY';
    case 'azure': return 'AZURE_CLIENT_SECRET';
    default: return f.detector.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  }
}

/** Group findings by file path. */
export function byPath(findings: Finding[]): Map<string, Finding[]> {
  const m = new Map<string, Finding[]>();
  for (const f of findings) m.set(f.path, [...(m.get(f.path) ?? []), f]);
  return m;
}
