// docs/detectors.md and the README summary are generated from the registry: fail when stale.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { loadCatalog } from '../src/core/catalog.ts';
import { DOC, README, renderDoc, renderReadme, renderSummary } from '../scripts/catalog.ts';

const ds = loadCatalog();

describe('detector catalog docs', () => {
  it('docs/detectors.md matches the registry (run `npm run catalog` after adding a detector)', () => {
    expect(readFileSync(DOC, 'utf8')).toBe(renderDoc(ds));
  });

  it('the README detectors summary matches the registry (run `npm run catalog`)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(renderReadme(readme, ds)).toBe(readme);
    expect(readme).toContain(renderSummary(ds));
  });

  it('lists every detector once', () => {
    const ids = renderDoc(ds)
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.slice(3, l.indexOf('`', 3)));
    expect(ids).toEqual(ds.map((d) => d.id));
    expect(new Set(ids).size).toBe(ds.length);
  });
});
