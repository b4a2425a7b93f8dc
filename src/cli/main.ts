// The keyshift command. Each subcommand lives in src/cli/commands/<name>.ts and registers itself.
import { Command, CommanderError } from 'commander';
import { describe } from '../core/errors.ts';
import { commands } from './commands/index.ts';

const program = new Command('keyshift')
  .description('Find, verify, revoke and replace static secrets')
  .version('0.1.0')
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

for (const register of commands) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) process.exit(err.exitCode === 0 ? 0 : 2);
  process.stderr.write(`keyshift: ${describe(err)}\n`);
  process.exit(typeof (err as { exitCode?: unknown }).exitCode === 'number' ? (err as { exitCode: number }).exitCode : 2);
}
