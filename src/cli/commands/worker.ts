import type { Command } from 'commander';
import { loadPipelineConfig } from '../../pipeline/config.ts';
import { createPipeline } from '../../pipeline/wire.ts';
import { connect } from '../../queue/connection.ts';
import { parseStages } from '../../queue/names.ts';
import { startWorkers } from '../../../workers/main.ts';

export function register(program: Command): void {
  program
    .command('worker')
    .option('-q, --queues <list>', 'queues to work: events,enumerate,scan,verify,revoke,report (default: all)')
    .option('-c, --config <file>', 'config file (default: ./.keyshift.yml)')
    .description('run pipeline workers; start any number, on any machine that reaches the same Redis')
    .action(async (flags: { queues?: string; config?: string }) => {
      const stages = parseStages(flags.queues);
      const c = loadPipelineConfig(flags.config);
      const redis = connect('worker', c.redisUrl);
      const p = createPipeline(c, { redis });
      const running = startWorkers(p, stages, c, redis);
      p.log.info({ stages, pid: process.pid, revoke: c.revoke }, 'keyshift worker started');
      let stopping = false;
      const stop = async (sig: string) => {
        if (stopping) return;
        stopping = true;
        p.log.info({ sig, timeoutMs: c.shutdownMs }, 'shutting down');
        await running.close(c.shutdownMs);
        await p.queues.close();
        redis.disconnect();
        process.exit(0);
      };
      process.on('SIGTERM', () => void stop('SIGTERM'));
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('unhandledRejection', (e) => p.log.error({ err: String(e) }, 'unhandled rejection'));
      await new Promise(() => {});
    });
}
