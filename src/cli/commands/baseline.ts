import type { Command } from 'commander';
import { makeContext } from '../context.ts';
import { runScan } from '../run-scan.ts';
import { writeBaseline } from '../../suppress/baseline.ts';

export function register(program: Command): void {
  program
    .command('baseline')
    .argument('[path]', 'directory, file or repository (--history) to baseline', '.')
    .option('-o, --output <file>', 'baseline file to write', '.keyshift-baseline.json')
    .option('--history', 'baseline the full git history')
    .option('--gitignore', 'skip files matched by .gitignore files')
    .option('-c, --config <file>', 'config file (default: .keyshift.yml at the root of <path>)')
    .description('write the fingerprints of current findings; later scans with --baseline report only new ones')
    .action(async (path: string, flags: { output: string; history?: boolean; gitignore?: boolean; config?: string }) => {
      const ctx = makeContext(path, { config: flags.config, gitignore: flags.gitignore });
      delete ctx.baseline;
      const report = await runScan({ path, history: flags.history }, ctx);
      const b = writeBaseline(flags.output, report.findings);
      process.stderr.write(`keyshift: wrote ${b.entries.length} fingerprints to ${flags.output}\n`);
    });
}
