// Structure checks for formats without a checksum, and a sanity filter for prefix-less generic values.
import type { Validation } from '../types.ts';
import { gitlabRoutable } from './gitlab-routable.ts';

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
  const i = text.indexOf(':');
  const printable = [...text].every((c) => c >= ' ' && c <= '~');
  return i > 0 && i < text.length - 1 && printable ? { ok: true } : { ok: false };
}

const CODE_STARTS = ['$', '%', '(', '[', '{', '+', '.', '/', '\\', '&', '#', '@', '=', '!', '?', "'", '"', ','];
const CODE_PARTS = ['://', '${', '#{', '$(', '()', '=>', '::', '->', ' + ', '||', '&&', 'process.env', 'os.environ', 'getenv', 'ENV[', 'System.get', 'secrets.', 'vars.', 'env.'];

/**
 * Generic assignments (password = "…"): rejects values that read as code, references or paths
 * rather than literals. Never marks a value validated.
 */
export function genericValue(value: string): Validation | undefined {
  if (CODE_STARTS.some((c) => value.startsWith(c))) return { ok: false };
  if (CODE_PARTS.some((p) => value.includes(p))) return { ok: false };
  if (value.startsWith('eyJ') || value.startsWith('arn:')) return { ok: false };
  return undefined;
}
