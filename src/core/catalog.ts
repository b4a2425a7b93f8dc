// Loads detectors/<id>/rule.yml into Detector records and checks their shape.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import type { Detector } from './types.ts';
import { UsageError } from './errors.ts';

export const DETECTORS_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'detectors');

const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    name: z.string().min(1),
    issuer: z.string().optional(),
    keywords: z.array(z.string().min(2)).min(1),
    pattern: z.string().optional(),
    patterns: z.array(z.string()).optional(),
    entropy: z.number().min(0).max(8).optional(),
    validate: z.string().optional(),
    lifetime: z.string().default('unknown'),
    category: z.string().optional(),
    description: z.string().optional(),
    examples: z.array(z.string()).min(1),
    negatives: z.array(z.string()).default([]),
  })
  .strict();

export function parseRule(text: string, where: string): Detector {
  const parsed = RuleSchema.safeParse(parse(text));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`${where}: ${issue?.path.join('.') || 'rule'}: ${issue?.message ?? 'invalid'}`);
  }
  const r = parsed.data;
  const patterns = [...(r.pattern ? [r.pattern] : []), ...(r.patterns ?? [])];
  if (patterns.length === 0) throw new UsageError(`${where}: needs pattern or patterns`);
  return {
    id: r.id,
    name: r.name,
    issuer: r.issuer,
    keywords: r.keywords.map((k) => k.toLowerCase()),
    patterns,
    entropy: r.entropy,
    validate: r.validate,
    lifetime: r.lifetime,
    category: r.category,
    description: r.description,
    examples: r.examples,
    negatives: r.negatives,
  };
}

let cached: Detector[] | undefined;

/** Every detector folder, sorted by id. */
export function loadCatalog(dir = DETECTORS_DIR): Detector[] {
  if (dir === DETECTORS_DIR && cached) return cached;
  const out: Detector[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = join(dir, entry.name, 'rule.yml');
    if (!existsSync(file)) continue;
    out.push(parseRule(readFileSync(file, 'utf8'), file));
  }
  out.sort((a, b) => a.id.localeCompare(b.id));
  if (dir === DETECTORS_DIR) cached = out;
  return out;
}
