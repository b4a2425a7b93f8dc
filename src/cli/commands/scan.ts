import type { Command } from 'commander';
import type { ScanReport } from '../../core/types.ts';
import { makeContext } from '../context.ts';
import { runScan, mergeReports } from '../run-scan.ts';
import { emit } from '../output.ts';
import { parseFormat } from '../../report/index.ts';
import { addRevocationOptions, revocationStep, type RevocationFlags } from '../../issuers/cli.ts';

export interface ScanFlags extends RevocationFlags {
  format: string;
  output?: string;
  history?: boolean;
  since?: string;
  until?: string;
  archive?: boolean;
  gitignore?: boolean;
  config?: string;
  baseline?: string;
  stdinName?: string;
  color?: boolean;
  exitZero?: boolean;
}

/** Post-processing steps run between the scan and the output (e.g. --verify/--revoke add one here). */
export const postProcessors: ((report: ScanReport, flags: ScanFlags) => Promise<ScanReport>)[] = [revocationStep];

export function register(program: Command): void {
  const cmd = program
    .command('scan')
    .argument('[paths...]', 'directories, files, a git repository (--history), log archives (.zip) or - for stdin (default .)')
    .option('-f, --format <format>', 'text | json | jsonl | sarif | markdown', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--history', 'scan the full git history of the repository at <path> (every blob once)')
    .option('--since <ref>', 'only commits not reachable from <ref> (a push or pull request); implies --history')
    .option('--until <ref>', 'tip of the history range (default HEAD with --since, else every ref)')
    .option('--archive', 'treat <path> as a zip of CI logs (GitHub Actions run logs)')
    .option('--gitignore', 'skip files matched by .gitignore files (off by default)')
    .option('-c, --config <file>', 'config file (default: .keyshift.yml at the root of <path>)')
    .option('-b, --baseline <file>', 'report only findings whose fingerprint is not in this baseline')
    .option('--stdin-name <name>', 'file name for stdin input (enables config-aware scanning, e.g. .mcp.json)')
    .option('--no-color', 'no colours in text output')
    .option('--exit-zero', 'exit 0 even when there are findings');
  addRevocationOptions(cmd)
    .description('scan a path, a git history, a CI log archive or stdin for secrets; exit 1 when there are findings')
    .action(async (paths: string[], flags: ScanFlags) => {
      parseFormat(flags.format);
      const targets = paths.length ? paths : ['.'];
      const ctx = makeContext(targets.length === 1 ? targets[0] : '.', flags);
      let report = mergeReports(await Promise.all(targets.map((path) => runScan({ path, ...flags }, ctx))));
      for (const step of postProcessors) report = await step(report, { ...flags, path: targets[0] });
      emit(report, flags.format, flags.output, flags.color === false ? false : undefined);
      process.exitCode = report.findings.length > 0 && !flags.exitZero ? 1 : 0;
    });
}
