// Structure checks for formats without a checksum, and a sanity filter for prefix-less generic values.
import type { Validation } from '../types.ts';
import { gitlabRoutable } from './gitlab-routable.ts';
import { crc32Base62 } from './crc32-base62.ts';
import { isPlaceholder } from '../placeholder.ts';

/** GitLab tokens: routable ones carry a CRC (checked); legacy ones carry nothing to check. */
export function gitlabToken(token: string): Validation | undefined {
  return token.includes('.') ? gitlabRoutable(token) : undefined;
}

/** Grafana legacy API keys are base64 JSON {"k":…,"n":…,"id":…}; Power BI embeds look alike but have no "n". */
export function grafanaLegacy(key: string): Validation {
  const text = Buffer.from(key, 'base64').toString('latin1');
  return { ok: text.startsWith('{"k":"') && text.includes('"n":"') };
}

/** HTTP Basic credentials: base64 of "user:password". */
export function basicAuth(value: string): Validation {
  const text = Buffer.from(value, 'base64').toString('latin1');
  if (isPlaceholder(text)) return { ok: false };
  const i = text.indexOf(':');
  const printable = [...text].every((c) => c >= ' ' && c <= '~');
  return i > 0 && i < text.length - 1 && printable ? { ok: true } : { ok: false };
}

const CODE_STARTS = ['$', '%', '(', '[', '{', '+', '.', '/', '\\', '&', '#', '@', '=', '!', '?', "'", '"', ','];
const CODE_PARTS = ['://', '${', '#{', '$(', '()', '=>', '::', '->', ' + ', '||', '&&', 'process.env', 'os.environ', 'getenv', 'ENV[', 'System.get', 'secrets.', 'vars.', 'env.'];

/** Type names seen where a type annotation sits in the value position (password: string). */
const TYPE_NAMES = new Set(['string', 'number', 'boolean', 'bool', 'str', 'int', 'any', 'unknown', 'object', 'bytes']);

const isIdentChar = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_' || c === '$';

/** CONSTANT_NAME (upper case with an underscore): a name or a stand-in, not a value. */
function isConstantName(v: string): boolean {
  if (!v.includes('_') || v !== v.toUpperCase() || v === v.toLowerCase()) return false;
  return [...v].every(isIdentChar);
}

/** a.b.c made only of identifiers: a property access, not a literal. */
function isDottedIdentifier(v: string): boolean {
  const parts = v.split('.');
  return parts.length > 1 && parts.every((p) => p.length > 0 && !(p[0]! >= '0' && p[0]! <= '9') && [...p].every(isIdentChar));
}

/**
 * Generic assignments (password = "…"): rejects values that read as code, references or paths
 * rather than literals. Never marks a value validated.
 */
export function genericValue(value: string): Validation | undefined {
  if (CODE_STARTS.some((c) => value.startsWith(c))) return { ok: false };
  if (CODE_PARTS.some((p) => value.includes(p))) return { ok: false };
  if (value.startsWith('eyJ') || value.startsWith('arn:')) return { ok: false };
  if (isConstantName(value) || isDottedIdentifier(value)) return { ok: false };
  if (value.includes('(') && value.endsWith(')')) return { ok: false };
  if (TYPE_NAMES.has(value)) return { ok: false };
  return undefined;
}

/** GitHub tokens: the 40-char forms carry a CRC32 (checked); older, longer refresh tokens carry none. */
export function githubToken(token: string): Validation | undefined {
  return token.length === 40 ? crc32Base62(token) : undefined;
}

/** GCP service-account key: PEM structure, and the key id (not secret) that the disable/delete calls need. */
export function gcpServiceAccount(pem: string, groups: Record<string, string>): Validation {
  if (!pem.startsWith('-----BEGIN') || !pem.includes('PRIVATE KEY-----')) return { ok: false };
  return groups.keyid ? { ok: true, facts: { keyId: groups.keyid } } : { ok: true };
}
