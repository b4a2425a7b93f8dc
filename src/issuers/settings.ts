// The `.keyshift.yml` keys this layer reads: issuers, policy.cedar, revocation.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.ts';
import type { IssuersConfig } from './config.ts';

const Schema = z.object({
  issuers: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))).optional(),
  /** policy.cedar: inline Cedar text, or a path to a .cedar file relative to the config. */
  policy: z.object({ cedar: z.string().optional() }).passthrough().optional(),
  revocation: z
    .object({
      apply: z.boolean().optional(),
      approval: z.enum(['policy', 'required']).optional(),
      exposure: z.enum(['public-repo', 'private-repo', 'local']).optional(),
      ledger: z.string().optional(),
      audit: z.string().optional(),
      cacheTtlSeconds: z.number().positive().optional(),
    })
    .optional(),
});

export interface RevocationSettings {
  issuers: IssuersConfig;
  /** Cedar policy text, when overridden. */
  policyText?: string;
  policySource?: string;
  apply: boolean;
  approval: 'policy' | 'required';
  exposure: 'public-repo' | 'private-repo' | 'local';
  ledgerPath: string;
  auditPath: string;
  cacheTtlMs: number;
}

/** `.keyshift.yml` at the root of the scanned path (as the CLI's config loader finds it). */
export function findConfig(root?: string): string | undefined {
  if (!root || root === '-' || !existsSync(root)) return undefined;
  const abs = resolve(root);
  const dir = statSync(abs).isDirectory() ? abs : dirname(abs);
  return ['.keyshift.yml', '.keyshift.yaml'].map((n) => join(dir, n)).find((f) => existsSync(f));
}

export function loadSettings(root?: string, explicit?: string): RevocationSettings {
  const file = explicit ?? findConfig(root);
  if (file && !existsSync(file)) throw new UsageError(`config not found: ${file}`);
  const base = file ? dirname(file) : process.cwd();
  let raw: unknown = {};
  if (file) {
    try {
      raw = parse(readFileSync(file, 'utf8')) ?? {};
    } catch (err) {
      throw new UsageError(`${file}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  // Other layers own other keys of the same file; read only ours.
  const mine = typeof raw === 'object' && raw ? Object.fromEntries(Object.entries(raw).filter(([k]) => ['issuers', 'policy', 'revocation'].includes(k))) : {};
  const r = Schema.safeParse(mine);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`${file}: ${i?.path.join('.') ?? ''}: ${i?.message ?? 'invalid'}`);
  }
  const c = r.data;
  let policyText: string | undefined;
  let policySource: string | undefined;
  const cedar = c.policy?.cedar;
  if (cedar) {
    if (/\b(permit|forbid)\s*\(/.test(cedar)) {
      policyText = cedar;
      policySource = `${file} (inline)`;
    } else {
      const p = isAbsolute(cedar) ? cedar : join(base, cedar);
      if (!existsSync(p)) throw new UsageError(`${file}: policy file not found: ${cedar}`);
      policyText = readFileSync(p, 'utf8');
      policySource = p;
    }
  }
  const rv = c.revocation ?? {};
  const at = (p: string) => (isAbsolute(p) ? p : join(base, p));
  return {
    issuers: c.issuers ?? {},
    policyText,
    policySource,
    apply: rv.apply ?? false,
    approval: rv.approval ?? 'policy',
    exposure: rv.exposure ?? 'private-repo',
    ledgerPath: at(rv.ledger ?? '.keyshift/ledger.jsonl'),
    auditPath: at(rv.audit ?? '.keyshift/audit.jsonl'),
    cacheTtlMs: (rv.cacheTtlSeconds ?? 900) * 1000,
  };
}
