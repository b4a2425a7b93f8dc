import type { Command } from 'commander';
import { loadPipelineConfig } from '../../pipeline/config.ts';
import { connect } from '../../queue/connection.ts';
import { FindingStore, type StoredFinding } from '../../store/findings.ts';

function text(f: StoredFinding): string {
  const head = `${f.fingerprint.slice(0, 16)}  ${f.state.padEnd(8)} ${f.reused ? 'REUSED ' : '       '}${f.detector}  ${f.redacted}${f.verification ? `  [${f.verification}]` : ''}`;
  const places = f.places.map((p) => `    ${p.repo}:${p.path}${p.line ? `:${p.line}` : ''}${p.runId !== undefined ? ` (run ${p.runId}${p.step ? `, ${p.step}` : ''})` : ''}${p.commit ? ` @${p.commit.slice(0, 12)}` : ''}${p.env ? ` {${p.env}}` : ''}`);
  return [head, ...places].join('\n');
}

export function register(program: Command): void {
  program
    .command('findings')
    .option('-o, --org <login>', 'organisation (default: every organisation)')
    .option('--json', 'JSON output')
    .option('-c, --config <file>', 'config file (default: ./.keyshift.yml)')
    .description("list the organisation's findings with every place seen and their state (open, revoked, pr-open, fixed)")
    .action(async (flags: { org?: string; json?: boolean; config?: string }) => {
      const c = loadPipelineConfig(flags.config);
      const redis = connect('store', c.redisUrl);
      try {
        const store = new FindingStore(redis, c.prefix);
        const orgs = flags.org ? [flags.org] : await store.orgs();
        const out: Record<string, StoredFinding[]> = {};
        for (const o of orgs) out[o] = await store.list(o);
        if (flags.json) process.stdout.write(JSON.stringify(flags.org ? out[flags.org] : out, null, 2) + '\n');
        else for (const [o, list] of Object.entries(out)) process.stdout.write(`${o}: ${list.length} finding(s)\n${list.map(text).join('\n')}\n`);
      } finally {
        redis.disconnect();
      }
    });
}
