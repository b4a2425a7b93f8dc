// The generated detector folders match their table, and a service-keyword rule outranks a bare-shape
// rule that finds the same secret at the same place.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DETECTORS_DIR, loadCatalog } from '../src/core/catalog.ts';
import { Engine } from '../src/core/engine.ts';
import { build, readme, render } from '../scripts/detector-table/generate.ts';
import { rows } from '../scripts/detector-table/rows.ts';
import { fake, parseShape, seeded, shapeRegex } from '../scripts/detector-table/shape.ts';
import RE2 from 're2';

describe('detector table', () => {
  it('every row has its folder, generated from the current table', () => {
    for (const row of rows) {
      const rule = build(row);
      expect(readFileSync(join(DETECTORS_DIR, row.id, 'rule.yml'), 'utf8'), row.id).toBe(render(rule));
      expect(readFileSync(join(DETECTORS_DIR, row.id, 'README.md'), 'utf8'), row.id).toBe(readme(rule));
    }
  });

  it('fake values fit their own shape and a shortened one does not', () => {
    for (const row of rows) {
      const segs = parseShape(row.shape);
      const re = new RE2(`^(?:${shapeRegex(segs)})$`, 'u');
      const r = seeded(`${row.id}/test`);
      expect(re.test(fake(segs, r)), row.id).toBe(true);
      if (segs.some((s) => s.kind === 'cls' && s.min > 3)) expect(re.test(fake(segs, r, { delta: -3 })), row.id).toBe(false);
    }
  });

  it('a keyword-anchored rule is reported before a shape-only rule on the same secret', () => {
    const all = loadCatalog();
    const pick = (ids: string[]) => all.filter((d) => ids.includes(d.id));
    const line = pick(['stability-api-key'])[0]!.examples[0]!;
    const engine = new Engine(pick(['openai-api-key', 'stability-api-key', 'generic-api-key']), { fingerprintKey: 't' });
    const hits = engine.scan({ data: line, origin: { source: 'file', path: 'x' } });
    expect(hits.length).toBeGreaterThan(1);
    expect(hits[0]!.detector).toBe('stability-api-key');
  });
});
