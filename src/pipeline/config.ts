// Pipeline configuration: environment first, then the `pipeline:` (and `issuers:`) sections of
// `.keyshift.yml`, validated with zod. Secrets (keys, webhook secret, tokens) come from env only.
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { z } from 'zod';
import { UsageError } from '../core/errors.ts';
import { DEFAULT_PREFIX, STAGES } from '../queue/names.ts';

const FileSchema = z
  .object({
    prefix: z.string().optional(),
    revoke: z.boolean().optional(),
    remediate: z.boolean().optional(),
    orgScanCron: z.string().optional(),
    concurrency: z.partialRecord(z.enum(STAGES), z.number().int().min(1).max(64)).optional(),
    github: z.object({ appId: z.union([z.string(), z.number()]).optional(), apiUrl: z.string().url().optional(), gitUrl: z.string().url().optional() }).strict().optional(),
    serve: z.object({ port: z.number().int().min(0).max(65535).optional(), host: z.string().optional(), bodyLimit: z.string().optional() }).strict().optional(),
  })
  .strict();

export interface PipelineConfig {
  /** The .keyshift.yml read, if any (issuers, policy.cedar and revocation are read from it too). */
  file?: string;
  redisUrl: string;
  prefix: string;
  revoke: boolean;
  remediate: boolean;
  orgScanCron: string;
  concurrency: Record<(typeof STAGES)[number], number>;
  github: { appId?: string; privateKey?: string; apiUrl: string; gitUrl: string; webhookSecrets: string[]; writeIntervalMs: number };
  serve: { port: number; host: string; bodyLimit: string; board: { token?: string; user?: string; password?: string } };
  workdir: string;
  shutdownMs: number;
  lockMs: number;
  stalledMs: number;
  issuers: Record<string, Record<string, string | number | boolean | undefined> | undefined>;
}

const DEFAULT_CONCURRENCY = { events: 8, enumerate: 2, scan: 2, verify: 8, revoke: 4, remediate: 2, report: 4 };

function readFile(path: string | undefined): { file?: string; pipeline: z.infer<typeof FileSchema>; issuers: PipelineConfig['issuers'] } {
  const file = path ?? (existsSync('.keyshift.yml') ? '.keyshift.yml' : undefined);
  if (!file) return { pipeline: {}, issuers: {} };
  let raw: Record<string, unknown>;
  try {
    raw = (parse(readFileSync(file, 'utf8')) ?? {}) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`invalid config ${file}: ${String((err as Error).message).split('\n')[0]}`);
  }
  const r = FileSchema.safeParse(raw.pipeline ?? {});
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new UsageError(`invalid config ${file}: pipeline.${i.path.join('.')}: ${i.message}`);
  }
  return { file, pipeline: r.data, issuers: (raw.issuers ?? {}) as PipelineConfig['issuers'] };
}

function int(env: NodeJS.ProcessEnv, name: string, def: number): number {
  const v = env[name];
  if (v === undefined || v === '') return def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a non-negative integer`);
  return n;
}

export function loadPipelineConfig(file?: string, env = process.env): PipelineConfig {
  const { file: read, pipeline: f, issuers } = readFile(file);
  let privateKey = env.GITHUB_APP_PRIVATE_KEY;
  if (!privateKey && env.GITHUB_APP_PRIVATE_KEY_PATH) {
    try {
      privateKey = readFileSync(env.GITHUB_APP_PRIVATE_KEY_PATH, 'utf8');
    } catch {
      throw new UsageError(`cannot read GITHUB_APP_PRIVATE_KEY_PATH: ${env.GITHUB_APP_PRIVATE_KEY_PATH}`);
    }
  }
  const concurrency = { ...DEFAULT_CONCURRENCY, ...f.concurrency };
  for (const s of STAGES) concurrency[s] = int(env, `KEYSHIFT_CONCURRENCY_${s.toUpperCase()}`, concurrency[s]);
  return {
    ...(read ? { file: read } : {}),
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    prefix: env.KEYSHIFT_QUEUE_PREFIX || f.prefix || DEFAULT_PREFIX,
    revoke: env.KEYSHIFT_REVOKE !== undefined ? env.KEYSHIFT_REVOKE === '1' || env.KEYSHIFT_REVOKE === 'true' : f.revoke ?? false,
    remediate: env.KEYSHIFT_REMEDIATE !== undefined ? env.KEYSHIFT_REMEDIATE === '1' || env.KEYSHIFT_REMEDIATE === 'true' : f.remediate ?? false,
    orgScanCron: env.KEYSHIFT_ORG_SCAN_CRON || f.orgScanCron || '0 3 * * *',
    concurrency,
    github: {
      ...(env.GITHUB_APP_ID || f.github?.appId ? { appId: String(env.GITHUB_APP_ID || f.github?.appId) } : {}),
      ...(privateKey ? { privateKey } : {}),
      apiUrl: env.GITHUB_API_URL || f.github?.apiUrl || 'https://api.github.com',
      gitUrl: env.GITHUB_GIT_URL || f.github?.gitUrl || 'https://github.com',
      writeIntervalMs: int(env, 'KEYSHIFT_GITHUB_WRITE_INTERVAL_MS', 1000),
      webhookSecrets: (env.GITHUB_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    },
    serve: {
      port: int(env, 'KEYSHIFT_PORT', f.serve?.port ?? 3000),
      host: env.KEYSHIFT_HOST || f.serve?.host || '0.0.0.0',
      bodyLimit: f.serve?.bodyLimit ?? '25mb',
      board: {
        ...(env.KEYSHIFT_BOARD_TOKEN ? { token: env.KEYSHIFT_BOARD_TOKEN } : {}),
        ...(env.KEYSHIFT_BOARD_USER ? { user: env.KEYSHIFT_BOARD_USER } : {}),
        ...(env.KEYSHIFT_BOARD_PASSWORD ? { password: env.KEYSHIFT_BOARD_PASSWORD } : {}),
      },
    },
    workdir: env.KEYSHIFT_WORKDIR || tmpdir(),
    shutdownMs: int(env, 'KEYSHIFT_SHUTDOWN_TIMEOUT_MS', 25_000),
    lockMs: int(env, 'KEYSHIFT_LOCK_MS', 120_000),
    stalledMs: int(env, 'KEYSHIFT_STALLED_MS', 30_000),
    issuers,
  };
}

export function requireApp(c: PipelineConfig): { appId: string; privateKey: string } {
  if (!c.github.appId || !c.github.privateKey) throw new UsageError('GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY (or GITHUB_APP_PRIVATE_KEY_PATH) are required');
  return { appId: c.github.appId, privateKey: c.github.privateKey };
}
