// A whole pipeline on loopback: GitHub and AWS emulators, real Redis under a private prefix,
// the webhook server and in-process workers. Used by the end-to-end tests.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Redis } from 'ioredis';
import { startGithubEmulator, type GithubEmulator } from '../emulators/github/index.ts';
import { startAws, type AwsEmulator } from '../emulators/aws/index.ts';
import { loadPipelineConfig, type PipelineConfig } from '../../src/pipeline/config.ts';
import { createPipeline } from '../../src/pipeline/wire.ts';
import { githubAppPort } from '../../src/pipeline/github.ts';
import type { Pipeline } from '../../src/pipeline/ports.ts';
import { createApp } from '../../src/server/app.ts';
import { startWorkers, type RunningWorkers } from '../../workers/main.ts';
import { STAGES } from '../../src/queue/names.ts';
import { RedisLedger } from '../../src/audit/redis-ledger.ts';
import { dropPrefix, testPrefix, testRedis } from './helpers.ts';

export interface World {
  gh: GithubEmulator;
  aws: AwsEmulator;
  app: { id: number; privateKey: string; webhookSecret: string };
  installationId: number;
  prefix: string;
  env: NodeJS.ProcessEnv;
  config: PipelineConfig;
  redis: Redis;
  p: Pipeline;
  hookUrl: string;
  workers?: RunningWorkers;
  close(): Promise<void>;
}

/** Emulators, Redis prefix and the env a `keyshift serve` / `keyshift worker` would need. */
export async function startWorld(o: { org?: string; inProcess?: boolean; remediate?: boolean } = {}): Promise<World> {
  const org = o.org ?? 'acme';
  const gh = await startGithubEmulator();
  const aws = await startAws();
  const app = gh.createApp({ slug: 'keyshift' });
  gh.createUser(org, { type: 'Organization' });
  const inst = gh.install(app.id, org);
  const prefix = testPrefix();
  const workdir = await mkdtemp(join(tmpdir(), 'keyshift-work-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    REDIS_URL: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
    KEYSHIFT_QUEUE_PREFIX: prefix,
    KEYSHIFT_SEAL_KEY: randomBytes(32).toString('base64url'),
    KEYSHIFT_REVOKE: '1',
    KEYSHIFT_REMEDIATE: o.remediate ? '1' : '0',
    KEYSHIFT_WORKDIR: workdir,
    GITHUB_APP_ID: String(app.id),
    GITHUB_APP_PRIVATE_KEY: app.privateKey,
    GITHUB_WEBHOOK_SECRET: app.webhookSecret,
    GITHUB_API_URL: gh.url,
    GITHUB_GIT_URL: gh.url,
    KEYSHIFT_ISSUER_AWS_URL: aws.url,
    KEYSHIFT_ISSUER_AWS_ACCESS_KEY_ID: aws.admin.accessKeyId,
    KEYSHIFT_ISSUER_AWS_SECRET_ACCESS_KEY: aws.admin.secretAccessKey,
    KEYSHIFT_ISSUER_AWS_ROLE_ARN: 'arn:aws:iam::{account}:role/keyshift-revoker',
    KEYSHIFT_LOG_LEVEL: process.env.KEYSHIFT_LOG_LEVEL ?? 'warn',
    KEYSHIFT_GITHUB_WRITE_INTERVAL_MS: '0',
  };
  // Issuer settings and the seal key are read from process.env by the libraries: set them here too.
  for (const k of Object.keys(env)) if (k.startsWith('KEYSHIFT_') || k.startsWith('GITHUB_')) process.env[k] = env[k];
  const config = loadPipelineConfig(undefined, env);
  const redis = testRedis();
  const p = createPipeline(config, { redis, github: githubAppPort({ appId: String(app.id), privateKey: app.privateKey, baseUrl: gh.url, gitUrl: gh.url, writeIntervalMs: 0, ledger: new RedisLedger(redis, `${prefix}:audit`) }) });
  p.log = pino({ level: 'warn' });
  const server: Server = createApp({ queues: p.queues, metrics: p.metrics, webhookSecrets: [app.webhookSecret], issuers: ['aws'], log: p.log }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
  const world: World = {
    gh, aws, app: { id: app.id, privateKey: app.privateKey, webhookSecret: app.webhookSecret }, installationId: inst.id, prefix, env, config, redis, p, hookUrl,
    async close() {
      await world.workers?.close(5000);
      server.close();
      await p.queues.close();
      await dropPrefix(redis, prefix);
      redis.disconnect();
      await Promise.all([gh.close(), aws.close()]);
      await rm(workdir, { recursive: true, force: true });
    },
  };
  if (o.inProcess !== false) world.workers = startWorkers(p, [...STAGES], config, redis);
  return world;
}

/** File text holding an AWS key pair the way a .env file does. */
export function envFile(keyId: string, secret: string): string {
  return `# deploy settings\nAWS_REGION=us-east-1\nAWS_ACCESS_KEY_ID=${keyId}\nAWS_SECRET_ACCESS_KEY=${secret}\n`;
}
