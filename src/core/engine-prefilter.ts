// Keyword prefilter: one RE2.Set pass per window of a buffer tells which detectors can apply, and where.
// The result is, per candidate detector, the byte ranges worth running its patterns on.
import RE2 from 're2';

/**
 * Window size of the keyword pass, and how far around its window a keyword makes its detectors run.
 * Small windows keep detectors with common keywords ("user", "token") off most of a file: measured on
 * the bench corpus (CPU time), 4 KiB windows with 1 KiB reach beat 1, 2, 8 and 16 KiB windows and 0.5 or 2 KiB reach.
 */
export const WINDOW = 4096;
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
    this.set = kws.length ? new RE2.Set(kws.map(escapeRe), 'i') : undefined;
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
   * `hot` lists the windows that hold any keyword (merged).
   */
  plan(buf: Buffer): Plan {
    const ranges = new Map<number, Range[]>();
    const hot: Range[] = [];
    const len = buf.length;
    if (!this.set) return { ranges, hot };
    const small = len <= WINDOW + 2 * REACH;
    for (let w = 0; w < len; w += small ? len : WINDOW) {
      // Windows overlap by the longest keyword, so a keyword across a window edge is still seen.
      const wEnd = small ? len : Math.min(len, w + WINDOW + this.maxKeyword - 1);
      const kws = this.set.match(small ? buf : buf.subarray(w, wEnd));
      if (kws.length === 0) continue;
      const start = small ? 0 : Math.max(0, w - REACH);
      const end = small ? len : Math.min(len, w + WINDOW + REACH);
      addRange(hot, w, wEnd);
      for (const kw of kws) for (const d of this.owners[kw]!) {
        const list = ranges.get(d);
        if (list) addRange(list, start, end);
        else ranges.set(d, [{ start, end }]);
      }
    }
    return { ranges, hot };
  }
}

export interface Plan {
  ranges: Map<number, Range[]>;
  hot: Range[];
}

function addRange(list: Range[], start: number, end: number): void {
  const last = list[list.length - 1];
  if (last && last.end >= start) last.end = Math.max(last.end, end);
  else list.push({ start, end });
}
