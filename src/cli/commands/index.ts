// Subcommand registry: one line per command module.
import type { Command } from 'commander';
import { register as scan } from './scan.ts';
import { register as ci } from './ci.ts';
import { register as baseline } from './baseline.ts';
import { register as approve } from './approve.ts';
import { register as serve } from './serve.ts';
import { register as worker } from './worker.ts';
import { register as orgScan } from './org-scan.ts';
import { register as findings } from './findings.ts';

export const commands: ((program: Command) => void)[] = [scan, ci, baseline, approve];
commands.push(serve, worker, orgScan, findings);
import { register as fix } from './fix.ts';
commands.push(fix);
