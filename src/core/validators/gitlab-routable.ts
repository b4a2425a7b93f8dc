// GitLab routable tokens: the last 7 chars are base36(CRC32(everything before them)), zero-padded.
import { crc32 } from 'node:zlib';
import type { Validation } from '../types.ts';

const SHAPE = /^([A-Za-z0-9_-]{27,330})\.(?:([0-9a-z]{2})\.)?([0-9a-z]{2})([0-9a-z]{7})$/;

export function gitlabCrc(head: string): string {
  return crc32(head).toString(36).padStart(7, '0');
}

/** Decodes the routing payload ("k:v" lines) without the random bytes, if the layout is recognised. */
function routing(b64: string, version: string | undefined): Record<string, string> {
  const bytes = Buffer.from(b64, 'base64url');
  const len = bytes[bytes.length - 1] ?? 0;
  let payload: Buffer;
  if (version) payload = bytes.subarray(16, bytes.length - 1);
  else if (len === 16) payload = bytes.subarray(0, bytes.length - 17);
  else return {};
  if (version && payload.length !== len) return {};
  const out: Record<string, string> = {};
  for (const line of payload.toString('utf8').split('\n')) {
    const m = /^([a-z]):([0-9a-z]{1,20})$/.exec(line);
    if (m) out[`routing_${m[1]}`] = String(parseInt(m[2]!, 36));
  }
  return out;
}

export function gitlabRoutable(token: string): Validation {
  const m = SHAPE.exec(token);
  if (!m) return { ok: false };
  const [, head, version, lenField, crc] = m;
  if (gitlabCrc(token.slice(0, -7)) !== crc) return { ok: false };
  const facts: Record<string, string | number | boolean> = { routable: true };
  if (version) facts.version = parseInt(version, 36);
  // The length field says how much of the head (after the prefix) is the base64url body.
  const len = parseInt(lenField!, 36);
  if (len > 0 && len < head!.length) Object.assign(facts, routing(head!.slice(-len), version));
  return { ok: true, facts };
}

/** Builds a v1 routable token (tests and fixtures only). */
export function makeGitlabRoutable(prefix: string, random: Buffer, payload: string): string {
  const p = Buffer.from(payload, 'utf8');
  const b64 = Buffer.concat([random, p, Buffer.from([p.length])]).toString('base64url');
  const head = `${prefix}${b64}.01.${b64.length.toString(36).padStart(2, '0')}`;
  return head + gitlabCrc(head);
}
