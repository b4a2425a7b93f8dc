// Which issuer a finding belongs to, from its `issuer` field or its detector id prefix.
import type { Finding } from '../../core/types.ts';

const ALIASES: Record<string, string> = {
  amazon: 'aws', aws: 'aws', gcp: 'gcp', google: 'gcp', 'google-cloud': 'gcp', googlecloud: 'gcp',
  azure: 'azure', entra: 'azure', microsoft: 'azure', github: 'github', npm: 'npm', npmjs: 'npm',
  pypi: 'pypi', vault: 'vault', hashicorp: 'vault', openai: 'openai', anthropic: 'anthropic', claude: 'anthropic',
};

/** Env/key names that say whose credential a generic finding holds (e.g. agent-config-literal). */
const KEY_HINTS: [string, string][] = [
  ['OPENAI', 'openai'], ['ANTHROPIC', 'anthropic'], ['CLAUDE', 'anthropic'], ['AWS_', 'aws'], ['GITHUB', 'github'],
  ['GH_', 'github'], ['NODE_AUTH_TOKEN', 'npm'], ['NPM_', 'npm'], ['PYPI', 'pypi'], ['TWINE_PASSWORD', 'pypi'],
  ['VAULT_TOKEN', 'vault'], ['AZURE_CLIENT_SECRET', 'azure'], ['ARM_CLIENT_SECRET', 'azure'], ['GOOGLE_CREDENTIALS', 'gcp'], ['GCP_', 'gcp'],
];

/** Redacted previews keep a token's kind prefix; generic detectors' findings are routed by it. */
const PREFIX_HINTS: [string, string][] = [
  ['sk-ant-', 'anthropic'], ['sk-proj-', 'openai'], ['sk-svcacct-', 'openai'], ['ghp_', 'github'], ['github_pat_', 'github'],
  ['gho_', 'github'], ['AKIA', 'aws'], ['npm_', 'npm'], ['pypi-', 'pypi'], ['hvs.', 'vault'],
];

/** Last key of the finding's config pointer (RFC 6901 unescaped), upper-cased. */
function pointerKey(f: Finding): string {
  const last = f.config?.pointer.split('/').pop() ?? '';
  return last.replace(/~1/g, '/').replace(/~0/g, '~').toUpperCase();
}

/** Canonical issuer id ('aws', 'gcp', ...) or the raw lower-cased issuer/prefix. */
export function issuerOf(f: Finding): string {
  const raw = (f.issuer ?? '').toLowerCase().trim();
  if (raw && raw !== 'generic') return ALIASES[raw] ?? ALIASES[raw.split(/[-_. ]/)[0]!] ?? raw;
  const prefix = f.detector.toLowerCase().split('-')[0] ?? '';
  if (ALIASES[prefix]) return ALIASES[prefix]!;
  const key = pointerKey(f);
  const hint = key ? KEY_HINTS.find(([k]) => key.includes(k)) : undefined;
  if (hint) return hint[1];
  const shown = PREFIX_HINTS.find(([p]) => f.redacted.startsWith(p));
  return shown ? shown[1] : raw || prefix;
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
