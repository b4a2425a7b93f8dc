// The `.keyshift.yml` keys this layer reads: issuers, policy, revocation. Found in the scan root or the cwd.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.ts';
import type { IssuersConfig } from './config.ts';

const Schema = z.object({
  issuers: z.record(z.string(), z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]))).optional(),
  /** Inline Cedar text, or a path to a .cedar file relative to the config. */
  policy: z.string().optional(),
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

export function findConfig(root?: string): string | undefined {
  const dirs: string[] = [];
  if (root) {
    const abs = resolve(root);
    dirs.push(existsSync(abs) && statSync(abs).isDirectory() ? abs : dirname(abs));
  }
  dirs.push(process.cwd());
  for (const d of dirs) for (const n of ['.keyshift.yml', '.keyshift.yaml']) if (existsSync(join(d, n))) return join(d, n);
  return undefined;
}

export function loadSettings(root?: string, file = findConfig(root)): RevocationSettings {
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
  if (c.policy) {
    if (/\b(permit|forbid)\s*\(/.test(c.policy)) {
      policyText = c.policy;
      policySource = `${file} (inline)`;
    } else {
      const p = isAbsolute(c.policy) ? c.policy : join(base, c.policy);
      if (!existsSync(p)) throw new UsageError(`${file}: policy file not found: ${c.policy}`);
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
