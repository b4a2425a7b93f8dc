// Queue names and the shared Redis Cluster hash tag. Every queue of one deployment uses the same
// `{tag}` prefix so flows and multi-key scripts stay in one slot.
import { UsageError } from '../core/errors.ts';

export const STAGES = ['events', 'enumerate', 'scan', 'verify', 'revoke', 'remediate', 'report'] as const;
export type Stage = (typeof STAGES)[number];

export const DEFAULT_PREFIX = '{keyshift}';

/** Validates a prefix: it must be (or start with) a single `{hash tag}`. */
export function checkPrefix(prefix: string): string {
  if (!/^\{[A-Za-z0-9_.-]+\}$/.test(prefix)) throw new UsageError(`queue prefix must look like {name}: ${JSON.stringify(prefix)}`);
  return prefix;
}

/** Issuer-scoped stages get one queue per issuer so each has its own rate limiter. */
export const PER_ISSUER: ReadonlySet<Stage> = new Set<Stage>(['verify', 'revoke']);

export function queueName(stage: Stage, issuer?: string): string {
  if (!PER_ISSUER.has(stage)) return stage;
  const id = (issuer ?? 'generic').toLowerCase().replace(/[^a-z0-9_-]/g, '-');
  return `${stage}-${id}`;
}

/** Parses `--queues events,scan,verify`; unknown names are a usage error. */
export function parseStages(list: string | undefined): Stage[] {
  if (!list || list === 'all') return [...STAGES];
  const out: Stage[] = [];
  for (const raw of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(STAGES as readonly string[]).includes(raw)) throw new UsageError(`unknown queue "${raw}" (known: ${STAGES.join(', ')})`);
    out.push(raw as Stage);
  }
  return out;
}
