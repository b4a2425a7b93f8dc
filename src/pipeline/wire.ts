// Builds a Pipeline from configuration: one Redis connection for producers/store, the real
// GitHub App, issuer registry, Cedar policy and the exactly-once revocation ledger.
import { mkdirSync } from 'node:fs';
import type { Redis } from 'ioredis';
import { Engine } from '../core/engine.ts';
import { loadCatalog } from '../core/catalog.ts';
import { connect } from '../queue/connection.ts';
import { Queues } from '../queue/queues.ts';
import { sealKey } from '../queue/seal.ts';
import { FindingStore } from '../store/findings.ts';
import { PipelineMetrics } from '../store/metrics.ts';
import { IssuerRegistry } from '../issuers/index.ts';
import { Policy } from '../policy/evaluate.ts';
import { RedisLedger } from '../audit/redis-ledger.ts';
import { loadSettings } from '../issuers/settings.ts';
import { createLogger } from '../log.ts';
import { ExactlyOnceLedger } from './ledger.ts';
import { githubAppPort } from './github.ts';
import { requireApp, type PipelineConfig } from './config.ts';
import type { GitHubPort, Pipeline } from './ports.ts';

export function createPipeline(c: PipelineConfig, o: { redis?: Redis; github?: GitHubPort } = {}): Pipeline {
  sealKey(); // fail at start, not on the first finding
  const redis = o.redis ?? connect('worker', c.redisUrl);
  mkdirSync(c.workdir, { recursive: true });
  // policy.cedar and issuers.* of the same .keyshift.yml, read by the issuer layer's loader.
  const settings = loadSettings(process.cwd(), c.file);
  const audit = new RedisLedger(redis, `${c.prefix}:audit`);
  const github = o.github ?? githubAppPort({ ...requireApp(c), baseUrl: c.github.apiUrl, gitUrl: c.github.gitUrl, writeIntervalMs: c.github.writeIntervalMs, ledger: audit, workflowsPermission: process.env.KEYSHIFT_GITHUB_WORKFLOWS === '1' });
  return {
    queues: new Queues(redis, c.prefix),
    store: new FindingStore(redis, c.prefix),
    metrics: new PipelineMetrics(redis, c.prefix),
    log: createLogger('keyshift-worker'),
    github,
    engine: new Engine(loadCatalog()),
    issuers: new IssuerRegistry({ ...settings.issuers, ...c.issuers }),
    policy: settings.policyText ? Policy.load(settings.policyText, settings.policySource) : Policy.load(),
    ledger: new ExactlyOnceLedger(audit, redis, c.prefix),
    revokeEnabled: c.revoke,
    remediateEnabled: c.remediate,
    workdir: c.workdir,
  };
}
