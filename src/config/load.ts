// Find, parse and validate `.keyshift.yml`; any problem is one UsageError line (exit 2).
import { readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import ignore from 'ignore';
import { UsageError } from '../core/errors.ts';
import { ConfigSchema, type KeyshiftConfig } from './schema.ts';

export const CONFIG_NAMES = ['.keyshift.yml', '.keyshift.yaml'];

export interface LoadedConfig {
  config: KeyshiftConfig;
  /** File the config came from, if any. */
  file?: string;
  /** Directory relative paths in the config resolve against. */
  dir: string;
}

/** The config at `--config`, else `.keyshift.yml` at the root of the scanned path, else defaults. */
export function loadConfig(scanPath: string | undefined, explicit?: string): LoadedConfig {
  if (scanPath === '-') scanPath = '.'; // stdin: the current directory's config
  let file = explicit;
  if (!file && scanPath && scanPath !== '-' && existsSync(scanPath)) {
    const root = statSync(scanPath).isDirectory() ? scanPath : dirname(scanPath);
    file = CONFIG_NAMES.map((n) => join(root, n)).find((f) => existsSync(f));
  }
  if (!file) return { config: ConfigSchema.parse({}), dir: resolve(scanPath && scanPath !== '-' && existsSync(scanPath) ? scanPath : '.') };
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8')) ?? {};
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') throw new UsageError(`config not found: ${file}`);
    throw new UsageError(`invalid config ${file}: ${String(e.message).split('\n')[0]}`);
  }
  const parsed = ConfigSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? issue.path.join('.') : 'config';
    throw new UsageError(`invalid config ${file}: ${where}: ${issue.message}`);
  }
  return { config: parsed.data, file, dir: dirname(resolve(file)) };
}

/** Predicate for `exclude` patterns (gitignore syntax), over '/'-separated relative paths. */
export function excluder(patterns: string[]): ((path: string) => boolean) | undefined {
  if (!patterns.length) return undefined;
  const ig = ignore().add(patterns);
  return (path) => {
    const p = path.replace(/^\.\//, '');
    return p !== '' && !p.startsWith('../') && !p.startsWith('/') && ig.ignores(p);
  };
}
