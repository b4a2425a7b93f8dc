// Custom detectors from `.keyshift.yml` (`detectors.rules`), in the rule.yml shape. They run on
// scanned content, so only RE2 may compile them: the engine refuses any pattern RE2 rejects
// (backreferences, lookaround) with one clear line, and RE2's linear time defuses the rest.
import { stringify } from 'yaml';
import { parseRule, loadCatalog } from '../core/catalog.ts';
import { compilePattern } from '../core/engine.ts';
import { UsageError } from '../core/errors.ts';
import type { Detector } from '../core/types.ts';
import type { LoadedConfig } from './load.ts';

export function customRules(loaded: LoadedConfig): Detector[] {
  const rules = loaded.config.detectors.rules;
  if (!rules.length) return [];
  const builtin = new Set(loadCatalog().map((d) => d.id));
  const where = loaded.file ?? '.keyshift.yml';
  return rules.map((raw, i) => {
    const d = parseRule(stringify(raw), `${where}: detectors.rules[${i}]`);
    if (builtin.has(d.id)) throw new UsageError(`${where}: detectors.rules[${i}]: id "${d.id}" is a built-in detector; pick another id`);
    d.patterns.forEach((p, j) => compilePattern(p, `${where}: detectors.rules[${i}] (${d.id}) pattern ${j}`));
    return d;
  });
}
