// `keyshift serve`: the webhook receiver, /healthz, /metrics and the queue dashboard.
// The webhook path only verifies, reduces and enqueues (jobId = delivery id), then answers 202.
import express, { type ErrorRequestHandler, type Express } from 'express';
import type { Logger } from 'pino';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queues } from '../queue/queues.ts';
import { STAGES, PER_ISSUER } from '../queue/names.ts';
import { ids } from '../queue/ids.ts';
import type { PipelineMetrics } from '../store/metrics.ts';
import { verifySignature } from './signature.ts';
import { toEventJob } from './events.ts';
import { createMetrics } from './metrics.ts';
import { authConfigured, requireAuth, type BoardAuth } from './auth.ts';
import { describe } from '../core/errors.ts';
import { sanitize } from '../log.ts';

// @bull-board/express ships its own copy of @bull-board/api; the types differ only by version.
type BoardAdapter = Parameters<typeof createBullBoard>[0]['serverAdapter'];

export interface ServeOptions {
  queues: Queues;
  metrics: PipelineMetrics;
  webhookSecrets: string[];
  issuers: string[];
  log: Logger;
  bodyLimit?: string;
  webhookPath?: string;
  board?: BoardAuth;
}

export function createApp(o: ServeOptions): Express {
  const app = express();
  app.disable('x-powered-by');
  // Open every queue so the dashboard and metrics see them.
  for (const s of STAGES) {
    if (PER_ISSUER.has(s)) for (const i of o.issuers) o.queues.get(s, i);
    else o.queues.get(s);
  }

  app.post(
    o.webhookPath ?? '/api/github/webhooks',
    express.raw({ type: () => true, limit: o.bodyLimit ?? '25mb' }),
    async (req, res) => {
      const event = req.header('x-github-event');
      const delivery = req.header('x-github-delivery');
      const sig = req.header('x-hub-signature-256');
      if (!(req.header('content-type') ?? '').startsWith('application/json')) return void res.status(415).send('content-type must be application/json');
      if (!event || !delivery || !sig) return void res.status(400).send('missing x-github-event, x-github-delivery or x-hub-signature-256');
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      if (!verifySignature(o.webhookSecrets, raw, sig)) {
        o.log.warn({ delivery, event }, 'webhook signature mismatch');
        return void res.status(401).send('signature mismatch');
      }
      let payload: unknown;
      try {
        payload = JSON.parse(raw.toString('utf8'));
      } catch {
        return void res.status(400).send('body is not JSON');
      }
      let job;
      try {
        job = toEventJob(event, delivery, payload);
      } catch {
        return void res.status(400).send(`malformed ${event} payload`);
      }
      if (!job) return void res.status(200).send('ignored');
      try {
        await o.queues.add('events', job, { jobId: ids.event(delivery) });
        await o.metrics.inc('webhooks');
      } catch (err) {
        o.log.error({ delivery, err: sanitize(describe(err)) }, 'enqueue failed');
        return void res.status(503).send('queue unavailable; redeliver later');
      }
      o.log.info({ delivery, event, action: job.action, repo: job.repo && `${job.repo.owner}/${job.repo.name}` }, 'webhook queued');
      res.status(202).send('queued');
    },
  );

  app.get('/healthz', async (_req, res) => {
    try {
      await o.queues.connection.ping();
      res.json({ ok: true });
    } catch {
      res.status(503).json({ ok: false, redis: 'unreachable' });
    }
  });

  const metrics = createMetrics(() => o.queues.all(), o.metrics);
  app.get('/metrics', async (_req, res) => {
    try {
      res.type(metrics.contentType).send(await metrics.text());
    } catch (err) {
      res.status(503).send(sanitize(describe(err)));
    }
  });

  if (o.board && authConfigured(o.board)) {
    const adapter = new ExpressAdapter();
    adapter.setBasePath('/admin/queues');
    createBullBoard({ queues: o.queues.all().map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: adapter as unknown as BoardAdapter });
    app.use('/admin/queues', requireAuth(o.board), adapter.getRouter());
  }

  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    res.status(status).send(status === 413 ? 'payload too large' : 'bad request');
  };
  app.use(onError);
  return app;
}
