import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { loadPipelineConfig } from '../../pipeline/config.ts';
import { connect } from '../../queue/connection.ts';
import { Queues } from '../../queue/queues.ts';
import { PipelineMetrics } from '../../store/metrics.ts';
import { createApp } from '../../server/app.ts';
import { builtins } from '../../issuers/index.ts';
import { createLogger } from '../../log.ts';

export function register(program: Command): void {
  program
    .command('serve')
    .option('-c, --config <file>', 'config file (default: ./.keyshift.yml)')
    .option('-p, --port <port>', 'listen port (default: KEYSHIFT_PORT or 3000)')
    .description('GitHub App webhook receiver with /healthz, /metrics and the queue dashboard (/admin/queues)')
    .action(async (flags: { config?: string; port?: string }) => {
      const c = loadPipelineConfig(flags.config);
      if (!c.github.webhookSecrets.length) throw new UsageError('GITHUB_WEBHOOK_SECRET is required (comma-separate several to rotate)');
      const port = flags.port !== undefined ? Number(flags.port) : c.serve.port;
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid port: ${flags.port}`);
      const log = createLogger('keyshift-serve');
      const redis = connect('producer', c.redisUrl);
      await new Promise<void>((resolve, reject) => {
        redis.once('ready', resolve);
        redis.once('end', () => reject(new UsageError(`cannot reach Redis at ${c.redisUrl.replace(/\/\/[^@]*@/, '//***@')}`)));
        setTimeout(() => reject(new UsageError('Redis did not answer within 10 s')), 10_000).unref();
      });
      const queues = new Queues(redis, c.prefix);
      const app = createApp({
        queues, metrics: new PipelineMetrics(redis, c.prefix), webhookSecrets: c.github.webhookSecrets, issuers: builtins.map((i) => i.id),
        log, bodyLimit: c.serve.bodyLimit, board: c.serve.board,
      });
      const server = app.listen(port, c.serve.host);
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', (e: NodeJS.ErrnoException) => reject(new UsageError(`cannot listen on ${c.serve.host}:${port}: ${e.code ?? e.message}`)));
      });
      const addr = server.address();
      log.info({ port: typeof addr === 'object' && addr ? addr.port : port }, 'keyshift serve listening');
      const stop = async () => {
        server.close();
        await queues.close();
        redis.disconnect();
        process.exit(0);
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      await new Promise(() => {});
    });
}
