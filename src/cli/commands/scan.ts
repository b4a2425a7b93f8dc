import type { Command } from 'commander';
import { scanTree } from '../../core/scan.ts';

export function register(program: Command): void {
  program
    .command('scan')
    .argument('<path>', 'directory or file to scan')
    .option('-f, --format <format>', 'output format: json', 'json')
    .description('scan a path for secrets; exit 1 when there are findings')
    .action(async (path: string, opts: { format: string }) => {
      const report = await scanTree(path);
      process.stdout.write(JSON.stringify({ findings: report.findings, stats: report.stats, problems: report.problems }, null, 2) + '\n');
      process.exitCode = report.findings.length > 0 ? 1 : 0;
    });
}
