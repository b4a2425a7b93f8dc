// JWT: header and payload are base64url JSON; non-secret claims become facts.
import type { Validation } from '../types.ts';

function decode(part: string): string {
  return Buffer.from(part.replace(/=+$/, ''), 'base64url').toString('utf8');
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Structure check: a header that names an algorithm and a JSON payload. Claims exp/iat/nbf/iss/aud are facts. */
export function jwt(token: string, now = Date.now()): Validation {
  const parts = token.split('.');
  if (parts.length < 2 || parts.length > 3) return { ok: false };
  const headerText = decode(parts[0]!);
  const header = parse(headerText);
  // Tolerate a damaged header as long as it is visibly a JOSE header.
  const named = header ? typeof header.alg === 'string' : headerText.startsWith('{') && headerText.includes('"alg"');
  if (!named) return { ok: false };
  const payload = parse(decode(parts[1]!));
  if (!payload) return { ok: false };
  const facts: Record<string, string | number | boolean> = {};
  if (typeof header?.alg === 'string') facts.alg = header.alg;
  if (typeof header?.typ === 'string') facts.typ = header.typ;
  for (const k of ['iss', 'aud', 'exp', 'iat', 'nbf'] as const) {
    const v = payload[k];
    if (typeof v === 'string' || typeof v === 'number') facts[k] = v;
    else if (Array.isArray(v) && typeof v[0] === 'string') facts[k] = v.join(',');
  }
  if (typeof facts.exp === 'number') facts.expired = facts.exp * 1000 < now;
  facts.signed = parts.length === 3 && parts[2]!.length > 0 && facts.alg !== 'none';
  return { ok: true, facts };
}

/** GitHub stateless installation token: ghs_<appid>_<jwt>. No CRC; the JWT carries the claims. */
export function githubStateless(token: string): Validation {
  const m = /^ghs_([0-9]+)_(.+)$/.exec(token);
  if (!m) return { ok: false };
  const v = jwt(m[2]!);
  return v.ok ? { ok: true, facts: { ...v.facts, appId: m[1]! } } : { ok: false };
}
