// Everything a scanning command needs: config, engine, source options, baseline.
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Engine } from '../core/engine.ts';
import { loadCatalog } from '../core/catalog.ts';
import { loadConfig, excluder, type LoadedConfig } from '../config/load.ts';
import { customRules } from '../config/rules.ts';
import { readBaseline } from '../suppress/baseline.ts';
import type { ArchiveOptions } from '../sources/ci-logs.ts';
import type { TreeOptions } from '../sources/tree.ts';

export interface CommonFlags {
  config?: string;
  baseline?: string;
  gitignore?: boolean;
}

export interface ScanContext {
  loaded: LoadedConfig;
  options: TreeOptions & ArchiveOptions;
  baseline?: Set<string>;
}

export function makeContext(target: string | undefined, flags: CommonFlags): ScanContext {
  const loaded = loadConfig(target, flags.config);
  const { config } = loaded;
  // Lazy: a detector compiles when its keyword first appears (custom rules are checked eagerly in customRules).
  const engine = new Engine([...loadCatalog(), ...customRules(loaded)], { lazy: true });
  const options: TreeOptions & ArchiveOptions = {
    engine,
    exclude: excluder(config.exclude),
    disabled: new Set(config.detectors.disable),
    literal: config.literals,
    gitignore: flags.gitignore ?? config.gitignore,
    caps: config.archive,
    ...(config.maxFileBytes ? { maxFileBytes: config.maxFileBytes } : {}),
  };
  let baselineFile = flags.baseline;
  if (!baselineFile && config.baseline) {
    const f = isAbsolute(config.baseline) ? config.baseline : join(loaded.dir, config.baseline);
    if (existsSync(f)) baselineFile = f;
  }
  return { loaded, options, ...(baselineFile ? { baseline: readBaseline(baselineFile) } : {}) };
}
