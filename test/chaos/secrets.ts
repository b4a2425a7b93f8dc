// Format-correct fake secrets of many types: each detector's own example with the secret's
// characters re-drawn from the same class (prefixes and separators kept), kept only when the
// engine still detects it with that detector (so checksums and structure validators hold).
import { randomInt } from 'node:crypto';
import { Engine } from '../../src/core/engine.ts';
import { loadCatalog } from '../../src/core/catalog.ts';
import { secretOf } from '../../src/core/secret.ts';

export interface Planted {
  detector: string;
  value: string;
  /** The detector's example line with the value swapped in: the text to plant. */
  line: string;
}

const CLASSES = ['ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz', '0123456789'];

function redraw(v: string, keep: number): string {
  let out = v.slice(0, keep);
  for (const ch of v.slice(keep)) {
    const cls = CLASSES.find((c) => c.includes(ch));
    // Hex-looking lowercase stays hex so hex-only formats survive.
    const pool = cls === CLASSES[1] && /[a-f]/.test(ch) && /^[0-9a-f]+$/.test(v.slice(keep)) ? 'abcdef' : cls;
    out += pool ? pool[randomInt(pool.length)] : ch;
  }
  return out;
}

/** Up to `n` fakes, one per detector, spread over the catalog. */
export function plantable(n: number): Planted[] {
  const catalog = loadCatalog().filter((d) => !d.id.startsWith('generic') && !d.patterns.some((p) => p.includes('BEGIN')));
  const engine = new Engine(catalog);
  const out: Planted[] = [];
  const seen = new Set<string>();
  const step = Math.max(1, Math.floor(catalog.length / (n * 1.5)));
  for (let i = 0; out.length < n && i < catalog.length * step; i += step) {
    const d = catalog[i % catalog.length]!;
    if (out.some((p) => p.detector === d.id)) continue;
    const ex = d.examples.find((e) => !e.includes('\n'));
    if (!ex) continue;
    const hit = engine.scan({ data: ex, origin: { source: 'file', path: 'x' } }).find((f) => f.detector === d.id);
    const value = hit && secretOf(hit);
    if (!value || value.length < 16) continue;
    const keep = Math.min(8, (/^[A-Za-z]+[_-]/.exec(value)?.[0].length ?? 0));
    for (let attempt = 0; attempt < 20; attempt++) {
      const fresh = redraw(value, keep);
      if (fresh === value || seen.has(fresh)) continue;
      const line = ex.split(value).join(fresh);
      const again = engine.scan({ data: line, origin: { source: 'file', path: 'x' } }).find((f) => f.detector === d.id && secretOf(f) === fresh);
      if (!again) continue;
      seen.add(fresh);
      out.push({ detector: d.id, value: fresh, line });
      break;
    }
  }
  return out;
}

/** The forms a leak could take: raw, base64, base64url, URL-encoded. */
export function encodings(v: string): string[] {
  const b = Buffer.from(v);
  return [...new Set([v, b.toString('base64').replace(/=+$/, ''), b.toString('base64url'), encodeURIComponent(v)])];
}
