// Fixed markers embedded in some vendors' keys.
import type { Validation } from '../types.ts';

/** OpenAI keys carry base64("OpenAI") = T3BlbkFJ. */
export function openaiMarker(key: string): Validation | undefined {
  // Without the marker the key keeps its shape-based match but is not marked validated.
  if (!key.includes('T3BlbkFJ')) return undefined;
  const kind = /^sk-(proj|svcacct|admin)-/.exec(key)?.[1] ?? 'legacy';
  return { ok: true, facts: { kind } };
}

/** PyPI tokens are macaroons; the first caveat names the index they belong to. */
export function pypiMacaroon(token: string): Validation {
  const body = token.replace(/^pypi-/, '');
  const head = Buffer.from(body.slice(0, 40), 'base64url').toString('latin1');
  const m = /^\x02\x01[\x00-\x7f]((?:test\.)?pypi\.org)/.exec(head);
  return m ? { ok: true, facts: { index: m[1]! } } : { ok: false };
}
