// Test helpers: fake findings located in fixture text, parsers for the generated files.
import { randomBytes } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } from '@actions/workflow-parser';
import { attachSecret } from '../../src/core/secret.ts';
import { fingerprint } from '../../src/core/fingerprint.ts';
import { redact } from '../../src/core/redact.ts';
import { base62 } from '../../src/core/validators/crc32-base62.ts';
import type { Finding } from '../../src/core/types.ts';
import type { RepoReader } from '../../src/remediators/types.ts';

const B62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
function pick(alphabet: string, n: number, seed: Buffer): string {
  let s = '';
  for (let i = 0; i < n; i++) s += alphabet[seed[i % seed.length]! % alphabet.length];
  return s;
}

export const fake = {
  awsKeyId: (seed = randomBytes(16)) => 'AKIA' + pick('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16, seed),
  awsSecret: (seed = randomBytes(40)) => pick(B62 + '+/', 40, seed),
  ghp: (seed = randomBytes(30)) => {
    const body = pick(B62, 30, seed);
    return `ghp_${body}${base62(crc32(body), 6)}`;
  },
};

/** A finding for `secret` at its first occurrence in `text`, with the value attached in memory. */
export function findingIn(path: string, text: string, secret: string, detector: string, issuer: string, config?: Finding['config']): Finding {
  const at = text.indexOf(secret);
  if (at < 0) throw new Error(`secret not in ${path}`);
  const before = text.slice(0, at).split('\n');
  const line = before.length;
  const column = before[before.length - 1]!.length + 1;
  const f: Finding = {
    detector, name: detector, issuer, path, line, column, endLine: line, endColumn: column + secret.length,
    fingerprint: fingerprint(secret, 'test'), redacted: redact(secret), lifetime: 'static', validated: true, source: 'file',
    ...(config ? { config } : {}),
  };
  return attachSecret(f, secret);
}

export function memReader(files: Record<string, string>, slug?: RepoReader['slug']): RepoReader {
  return {
    slug,
    read: async (p) => files[p] ?? null,
    list: async (prefix = '') => Object.keys(files).filter((p) => p.startsWith(prefix)).sort(),
  };
}

/** Errors from GitHub's own workflow parser and converter (empty when the workflow is valid). */
export async function workflowErrors(name: string, content: string): Promise<string[]> {
  const r = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  const errors = r.context.errors.getErrors().map((e) => e.message);
  if (errors.length || !r.value) return errors.length ? errors : ['no workflow'];
  const t = await convertWorkflowTemplate(r.context, r.value);
  if (t.jobs.length === 0) errors.push('no jobs');
  return [...errors, ...(t.errors ?? []).map((e) => e.Message)];
}

/** Line-level diff summary: lines only in a, lines only in b (multiset, order-free). */
export function lineDelta(a: string, b: string): { removed: string[]; added: string[] } {
  const count = new Map<string, number>();
  for (const l of a.split('\n')) count.set(l, (count.get(l) ?? 0) + 1);
  const added: string[] = [];
  for (const l of b.split('\n')) {
    const c = count.get(l) ?? 0;
    if (c > 0) count.set(l, c - 1);
    else added.push(l);
  }
  const removed: string[] = [];
  for (const [l, c] of count) for (let i = 0; i < c; i++) removed.push(l);
  return { removed, added };
}
