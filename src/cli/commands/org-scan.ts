import type { Command } from 'commander';
import { UsageError } from '../../core/errors.ts';
import { loadPipelineConfig } from '../../pipeline/config.ts';
import { ensureOrgScan, removeOrgScan } from '../../pipeline/schedulers.ts';
import { connect } from '../../queue/connection.ts';
import { Queues } from '../../queue/queues.ts';
import { ids } from '../../queue/ids.ts';

export function register(program: Command): void {
  program
    .command('org-scan')
    .requiredOption('-i, --installation <id>', 'GitHub App installation id')
    .option('--schedule', 'also (re)create the daily scheduled scan of this installation')
    .option('--unschedule', 'remove the scheduled scan of this installation instead')
    .option('-c, --config <file>', 'config file (default: ./.keyshift.yml)')
    .description('scan every repository of an installation now (workers do the work)')
    .action(async (flags: { installation: string; schedule?: boolean; unschedule?: boolean; config?: string }) => {
      const id = Number(flags.installation);
      if (!Number.isInteger(id) || id <= 0) throw new UsageError(`invalid installation id: ${flags.installation}`);
      const c = loadPipelineConfig(flags.config);
      const redis = connect('store', c.redisUrl);
      const queues = new Queues(redis, c.prefix);
      try {
        if (flags.unschedule) {
          const removed = await removeOrgScan(queues, id);
          process.stdout.write(`${removed ? 'removed' : 'no'} scheduled scan for installation ${id}\n`);
          return;
        }
        if (flags.schedule) await ensureOrgScan(queues, id, c.orgScanCron);
        const jobId = ids.enumerate(id, `manual-${Date.now()}`);
        await queues.add('enumerate', { installationId: id, trigger: 'manual' }, { jobId });
        process.stdout.write(`queued ${jobId}${flags.schedule ? ` and scheduled '${c.orgScanCron}' UTC` : ''}\n`);
      } finally {
        await queues.close();
        redis.disconnect();
      }
    });
}
