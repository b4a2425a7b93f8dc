// `keyshift fix [path]`: scan a working tree and apply every remediation plan to it (like eslint --fix).
import type { Command } from 'commander';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ScanReport } from '../../core/types.ts';
import { makeContext } from '../context.ts';
import { runScan } from '../run-scan.ts';
import { scrub } from '../../core/redact.ts';
import { secretOf } from '../../core/secret.ts';
import { UsageError } from '../../core/errors.ts';
import { planRepo } from '../../remediators/index.ts';
import { treeReader } from '../../remediators/reader.ts';
import { applyChangeSet } from '../../remediators/apply.ts';
import { confine } from '../../remediators/confine.ts';
import { githubSlug } from '../../remediators/slug.ts';
import { unifiedDiff } from '../../edit/diff.ts';

/** The same scan as `keyshift scan <root>` (config, excludes, baseline, config-aware parsing). */
export async function scanWorkingTree(root: string, flags: { config?: string; baseline?: string } = {}): Promise<ScanReport> {
  return runScan({ path: root }, makeContext(root, flags));
}

export function register(program: Command): void {
  program
    .command('fix')
    .argument('[path]', 'working tree to fix', '.')
    .option('--dry-run', 'print the diff only; change nothing')
    .option('-c, --config <file>', 'config file (default: .keyshift.yml at the root of <path>)')
    .option('-b, --baseline <file>', 'leave findings whose fingerprint is in this baseline alone')
    .description('replace static credentials in a working tree with request-time credentials; exit 1 when findings remain unhandled')
    .action(async (path: string, opts: { dryRun?: boolean; config?: string; baseline?: string }) => {
      const root = resolve(path);
      const st = await stat(root).catch(() => undefined);
      if (!st?.isDirectory()) throw new UsageError(`not a directory: ${path}`);
      const report = await scanWorkingTree(root, opts);
      const secrets = report.findings.map(secretOf).filter((s): s is string => !!s);
      const repo = treeReader(root, githubSlug(root));
      const plan = await planRepo(report.findings, repo);
      const set = plan.combined;
      const out = (s: string) => process.stdout.write(scrub(s, secrets));
      for (const p of report.problems) process.stderr.write(`keyshift: skipped ${p.path}: ${p.reason}\n`);
      for (const e of plan.errors) process.stderr.write(`keyshift: ${e.remediator}: ${e.message}\n`);
      if (set) for (const f of set.files) confine(root, f.path);
      if (opts.dryRun) {
        for (const f of set?.files ?? []) out(unifiedDiff(f.path, await repo.read(f.path), f.content));
      } else if (set) {
        for (const a of await applyChangeSet(root, set)) out(`${a.action.padEnd(8)} ${a.path}\n`);
        out('\nChanged:\n' + set.body.changed.map((c) => `  - ${c}\n`).join(''));
        out('\nStill to do by a human:\n' + set.body.todo.map((t) => `  - ${t.split('\n').join('\n    ')}\n`).join(''));
      } else out(report.findings.length ? '' : 'no findings: nothing to fix\n');
      // --dry-run keeps stdout a pure diff; the leftovers go to stderr there.
      const note = (s: string) => (opts.dryRun ? process.stderr.write(scrub(s, secrets)) : out(s));
      for (const f of plan.unhandled) note(`not fixed automatically: ${f.name} ${f.redacted} in ${f.path}:${f.line}\n`);
      process.exitCode = plan.unhandled.length > 0 || plan.errors.length > 0 ? 1 : 0;
    });
}
