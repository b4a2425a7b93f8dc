// A GCP detector captures the PEM of a key file; the service account's email and key id sit beside it in the
// same JSON object. Read them from the scanned file (values only: the host always comes from configuration).
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Credential } from '../types.ts';

const MAX = 1 << 20;

function* objects(v: unknown): Generator<Record<string, unknown>> {
  if (Array.isArray(v)) for (const x of v) yield* objects(x);
  else if (v && typeof v === 'object') {
    yield v as Record<string, unknown>;
    for (const x of Object.values(v)) yield* objects(x);
  }
}

export function locateKeyFile(c: Credential, root: string): Record<string, string> | undefined {
  if (c.finding.source !== 'file') return undefined;
  try {
    const st = statSync(root);
    const abs = st.isDirectory() ? join(root, c.finding.path) : root;
    if (statSync(abs).size > MAX) return undefined;
    const pem = c.secret.replace(/\\n/g, '\n').trim();
    for (const o of objects(JSON.parse(readFileSync(abs, 'utf8')))) {
      if (typeof o.private_key !== 'string' || o.private_key.trim() !== pem) continue;
      if (typeof o.client_email !== 'string' || typeof o.private_key_id !== 'string') return undefined;
      return { client_email: o.client_email, private_key_id: o.private_key_id, ...(typeof o.project_id === 'string' ? { project_id: o.project_id } : {}) };
    }
  } catch {
    return undefined; // not JSON, gone, or unreadable: the key stays unverified
  }
  return undefined;
}
