import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { makeContext } from '../context.ts';
import { runScan, type Target } from '../run-scan.ts';
import { emit } from '../output.ts';
import { decide } from '../ci-policy.ts';
import { Policy } from '../../policy/evaluate.ts';
import { loadSettings } from '../../issuers/settings.ts';
import { annotations, writeJobSummary } from '../../report/github.ts';
import { formatSarif } from '../../report/sarif.ts';
import { parseFormat } from '../../report/index.ts';
import { hardenedGit, resolveRef } from '../../sources/git.ts';

interface CiFlags {
  format: string;
  output?: string;
  sarif?: string;
  config?: string;
  baseline?: string;
  color?: boolean;
}

const ZERO = /^0+$/;

/** The commits of this push or pull request, from the GitHub Actions environment, if it can tell. */
export function eventRange(env: NodeJS.ProcessEnv): { since: string; until: string; label: string } | undefined {
  let event: Record<string, any> = {};
  try {
    if (env.GITHUB_EVENT_PATH) event = JSON.parse(readFileSync(env.GITHUB_EVENT_PATH, 'utf8'));
  } catch {
    event = {};
  }
  const name = env.GITHUB_EVENT_NAME ?? '';
  if (name === 'push') {
    const before = typeof event.before === 'string' ? event.before : '';
    const after = typeof event.after === 'string' ? event.after : env.GITHUB_SHA ?? '';
    if (before && after && !ZERO.test(before)) return { since: before, until: after, label: `push ${before.slice(0, 7)}..${after.slice(0, 7)}` };
    return undefined;
  }
  if (name === 'pull_request' || name === 'pull_request_target') {
    const base = event.pull_request?.base?.sha ?? (env.GITHUB_BASE_REF ? `origin/${env.GITHUB_BASE_REF}` : '');
    const head = event.pull_request?.head?.sha ?? env.GITHUB_SHA ?? 'HEAD';
    if (base) return { since: base, until: head, label: `pull request ${String(base).slice(0, 7)}..${String(head).slice(0, 7)}` };
  }
  return undefined;
}

async function isRepo(dir: string): Promise<boolean> {
  try {
    return (await hardenedGit(dir).raw(['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    return false;
  }
}

export function register(program: Command): void {
  program
    .command('ci')
    .argument('[path]', 'repository or directory to check', '.')
    .option('-f, --format <format>', 'text | json | jsonl | sarif | markdown', 'text')
    .option('-o, --output <file>', 'write the report to a file instead of stdout')
    .option('--sarif <file>', 'also write SARIF (for github/codeql-action/upload-sarif)')
    .option('-c, --config <file>', 'config file (default: .keyshift.yml at the root of <path>)')
    .option('-b, --baseline <file>', 'report only findings whose fingerprint is not in this baseline')
    .option('--no-color', 'no colours in text output')
    .description('CI gate: scan the push or pull request diff (else the tree); exit 1 when policy says fail')
    .action(async (path: string, flags: CiFlags) => {
      parseFormat(flags.format);
      const ctx = makeContext(path, flags);
      const env = process.env;
      let target: Target = { path };
      let scope = 'working tree';
      const range = eventRange(env);
      if (range && (await isRepo(path))) {
        try {
          await resolveRef(path, range.since);
          await resolveRef(path, range.until);
          target = { path, since: range.since, until: range.until };
          scope = range.label;
        } catch {
          process.stderr.write(`keyshift: ${range.label}: base commit not in this clone (use fetch-depth: 0); scanning the working tree\n`);
        }
      }
      const report = await runScan(target, ctx);
      const settings = loadSettings(path, flags.config);
      const decision = decide(report.findings, Policy.load(settings.policyText, settings.policySource), settings.exposure);
      const verdict = decision.fail
        ? `**Failed**: ${decision.failing.size} finding(s) break the policy (${[...new Set(decision.failing.values())].join(', ')}); scope: ${scope}.`
        : `**Passed**: nothing breaks the policy; scope: ${scope}.`;
      if (env.GITHUB_ACTIONS === 'true') {
        process.stdout.write(annotations(report, new Set(decision.failing.keys())));
        writeJobSummary(report, verdict);
      }
      if (flags.sarif) writeFileSync(flags.sarif, formatSarif(report));
      emit(report, flags.format, flags.output, flags.color === false ? false : undefined);
      process.stderr.write(`keyshift ci: ${verdict.split('**').join('')}\n`);
      process.exitCode = decision.fail ? 1 : 0;
    });
}
