// Subcommand registry: one line per command module.
import type { Command } from 'commander';
import { register as scan } from './scan.ts';
import { register as ci } from './ci.ts';
import { register as baseline } from './baseline.ts';

export const commands: ((program: Command) => void)[] = [scan, ci, baseline];
