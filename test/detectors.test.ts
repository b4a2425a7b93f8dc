// Conformance: every detectors/<id>/rule.yml is well-formed, its examples are found and its negatives are not.
import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { loadCatalog, DETECTORS_DIR } from '../src/core/catalog.ts';
import { Engine } from '../src/core/engine.ts';

const catalog = loadCatalog();

describe('detector catalog', () => {
  it('has one rule per folder with its folder name as id, ids unique', () => {
    const folders = readdirSync(DETECTORS_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(catalog.map((d) => d.id)).toEqual(folders);
    expect(new Set(catalog.map((d) => d.id)).size).toBe(catalog.length);
  });

  for (const det of catalog) {
    describe(det.id, () => {
      const engine = new Engine([det]);
      it('finds every example', () => {
        for (const ex of det.examples) {
          const hits = engine.scan({ data: ex, origin: { source: 'file', path: 'example' } });
          expect(hits.length, `example not found: ${ex.slice(0, 60)}`).toBeGreaterThan(0);
        }
      });
      it('finds no negative', () => {
        for (const neg of det.negatives) {
          const hits = engine.scan({ data: neg, origin: { source: 'file', path: 'negative' } });
          expect(hits.length, `negative flagged: ${neg.slice(0, 60)}`).toBe(0);
        }
      });
      it('has a keyword in every example', () => {
        for (const ex of det.examples) expect(det.keywords.some((k) => ex.toLowerCase().includes(k)), ex.slice(0, 60)).toBe(true);
      });
    });
  }
});
