// Issuer configuration: base URLs and settings come only from env or .keyshift.yml, never from scanned content.
import { UsageError } from '../core/errors.ts';

export interface IssuersConfig {
  /** issuers.<id>: { url?, <setting>: value } from .keyshift.yml */
  [id: string]: Record<string, string | number | boolean | undefined> | undefined;
}

function envName(id: string, name: string): string {
  const snake = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return `KEYSHIFT_ISSUER_${id}_${snake}`.toUpperCase().replace(/[^A-Z0-9_]/g, '_');
}

/** KEYSHIFT_ISSUER_<ID>_<NAME> first, then .keyshift.yml issuers.<id>.<name>. */
export function issuerSetting(id: string, name: string, cfg: IssuersConfig = {}, env = process.env): string | undefined {
  const v = env[envName(id, name)];
  if (v) return v;
  const c = cfg[id]?.[name];
  return c === undefined ? undefined : String(c);
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The issuer's base URL: the fixed default unless explicitly configured. https only, except loopback. */
export function issuerUrl(id: string, defaultUrl: string, cfg: IssuersConfig = {}, env = process.env): string {
  return checkedUrl(id, issuerSetting(id, 'url', cfg, env) ?? defaultUrl);
}

/** Any configured issuer URL: https, or http on loopback only. */
export function checkedUrl(id: string, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new UsageError(`issuer ${id}: configured URL is not a URL`);
  }
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && LOOPBACK.has(u.hostname))) {
    throw new UsageError(`issuer ${id}: URL must be https (http only on loopback): ${u.origin}`);
  }
  return u.href.replace(/\/+$/, '');
}
