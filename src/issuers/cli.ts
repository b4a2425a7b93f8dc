// CLI glue: scan's --verify/--revoke/--apply/--approve flags, and one post-processing step.
import type { Command } from 'commander';
import type { ScanReport } from '../core/types.ts';
import { UsageError } from '../core/errors.ts';
import type { PostResult } from './run.ts';

export interface RevocationFlags {
  verify?: boolean;
  revoke?: boolean;
  apply?: boolean;
  approve?: boolean;
  path?: string;
  config?: string;
}

export function addRevocationOptions(cmd: Command): Command {
  return cmd
    .option('--verify', "ask each credential's issuer whether it is live and whose it is (adds verification and identity)")
    .option('--revoke', 'decide by policy and print planned revocations (dry-run unless --apply)')
    .option('--apply', 'carry out planned revocations (with --revoke), once per fingerprint, recorded in the ledger')
    .option('--approve', 'approve revocations the policy holds for a human, in this run');
}

/** The last result, for callers that want the plan (tests, the ci command). */
export let lastResult: PostResult | undefined;

export async function revocationStep(report: ScanReport, flags: RevocationFlags): Promise<ScanReport> {
  if ((flags.apply || flags.approve) && !flags.revoke) throw new UsageError('--apply and --approve need --revoke');
  if (!flags.verify && !flags.revoke) return report;
  // Loaded on demand: the issuer clients (AWS SDK, Cedar) cost seconds a plain scan should not pay.
  const { postProcess, formatPlan } = await import('./run.ts');
  const { loadSettings } = await import('./settings.ts');
  const settings = loadSettings(flags.path, flags.config);
  lastResult = await postProcess(report, { verify: true, revoke: flags.revoke, apply: flags.apply, approve: flags.approve, settings, root: flags.path });
  const v = lastResult.verified;
  process.stderr.write(`verified: ${v.live} live, ${v.invalid} invalid, ${v.unknown} unknown\n`);
  if (flags.revoke) {
    const mode = flags.apply || settings.apply ? 'apply' : 'dry-run (add --apply to revoke)';
    process.stderr.write(`revocations (${mode}): ${lastResult.revocations.length}\n`);
    const plan = formatPlan(lastResult);
    if (plan) process.stderr.write(plan + '\n');
  }
  return report;
}
