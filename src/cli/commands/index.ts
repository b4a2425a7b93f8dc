// Subcommand registry: one line per command module.
import type { Command } from 'commander';
import { register as scan } from './scan.ts';

export const commands: ((program: Command) => void)[] = [scan];
