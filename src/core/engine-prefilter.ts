// Keyword prefilter: one RE2.Set pass per window of a buffer tells which detectors can apply, and where.
// The result is, per candidate detector, the byte ranges worth running its patterns on.
import RE2 from 're2';

/**
 * Window size of the keyword pass, and how far around its window a keyword makes its detectors run.
 * Small windows keep detectors with common keywords ("user", "token") off most of a file: measured on
 * the bench corpus, 1 KiB windows cost the same Set pass as 16 KiB ones and a third of the pattern time.
 */
export const WINDOW = 1024;
export const REACH = 1024;

export interface Range {
  start: number;
  end: number;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export class KeywordIndex {
  private readonly set: ReturnType<typeof RE2.Set> | undefined;
  /** keyword index -> indices of detectors that list it */
  private readonly owners: number[][];
  private readonly maxKeyword: number;

  constructor(keywordsPerDetector: string[][]) {
    const ids = new Map<string, number>();
    this.owners = [];
    keywordsPerDetector.forEach((kws, det) => {
      for (const kw of new Set(kws.map((k) => k.toLowerCase()))) {
        let id = ids.get(kw);
        if (id === undefined) {
          id = ids.size;
          ids.set(kw, id);
          this.owners.push([]);
        }
        this.owners[id]!.push(det);
      }
    });
    const kws = [...ids.keys()];
    this.maxKeyword = Math.max(1, ...kws.map((k) => Buffer.byteLength(k)));
    this.set = kws.length ? new RE2.Set(kws.map(escapeRe), 'iu') : undefined;
  }

  /** Detectors whose keywords occur anywhere in buf (one pass). */
  detectorsIn(buf: Buffer): Set<number> {
    const out = new Set<number>();
    if (!this.set) return out;
    for (const kw of this.set.match(buf)) for (const d of this.owners[kw]!) out.add(d);
    return out;
  }

  /**
   * Per candidate detector, the ranges of buf to run it on: every window holding one of its keywords,
   * widened by REACH on each side; overlapping ranges merged. Small buffers are one range.
   */
  plan(buf: Buffer): Map<number, Range[]> {
    const plan = new Map<number, Range[]>();
    const len = buf.length;
    if (len <= WINDOW + 2 * REACH) {
      for (const d of this.detectorsIn(buf)) plan.set(d, [{ start: 0, end: len }]);
      return plan;
    }
    for (let w = 0; w < len; w += WINDOW) {
      // Windows overlap by the longest keyword, so a keyword across a window edge is still seen.
      const dets = this.detectorsIn(buf.subarray(w, Math.min(len, w + WINDOW + this.maxKeyword - 1)));
      if (dets.size === 0) continue;
      const start = Math.max(0, w - REACH);
      const end = Math.min(len, w + WINDOW + REACH);
      for (const d of dets) {
        const list = plan.get(d);
        const last = list?.[list.length - 1];
        if (last && last.end >= start) last.end = end;
        else if (list) list.push({ start, end });
        else plan.set(d, [{ start, end }]);
      }
    }
    return plan;
  }
}
