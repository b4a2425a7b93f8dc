// The scan engine. Works on UTF-8 bytes: one RE2.Set keyword pass per window picks the detectors that
// can apply and where; only those run, only there. Decoded views (base64, hex, url, escaped) are scanned
// the same way and reported at the encoded location.
import RE2 from 're2';
import type { Chunk, Detector, Finding, Origin, Validation } from './types.ts';
import { fingerprint, fingerprintKey } from './fingerprint.ts';
import { redact } from './redact.ts';
import { shannon } from './entropy.ts';
import { isPlaceholder } from './placeholder.ts';
import { validators } from './validators/index.ts';
import { lifetimeOf } from './lifetime.ts';
import { attachSecret } from './secret.ts';
import { UsageError } from './errors.ts';
import { KeywordIndex, type Range } from './engine-prefilter.ts';
import { LineIndex } from './engine-lines.ts';
import { findDecoded, type Encoding } from './decoders/index.ts';

interface Compiled {
  det: Detector;
  /** Compiled on first use when the engine is lazy. */
  regexes: RE2[] | undefined;
  /** Bytes a match may run past the end of its range: a line for most, more for multi-line secrets. */
  margin: number;
}

/** A verified match in buffer coordinates. */
interface Hit {
  c: Compiled;
  secret: string;
  start: number;
  end: number;
  /** Where the whole match began: a rule that matched more context before the secret (its service keyword) sorts first among hits at the same start. */
  from: number;
  validation?: Validation;
  encoding?: Encoding;
}

/** Matches may run this far past the end of their range: multi-line ones (PEM keys are the longest)... */
const MULTILINE_MARGIN = 8 * 1024;
/** ...and single-line ones to the end of their line, up to this. */
const LINE_MARGIN = 2 * 1024;
// Patterns that can span lines: explicit newlines, [\s\S], dot-all, or PEM/PGP armour.
const MULTILINE = /\\n|\\s\\S|\\S\\s|\(\?[a-z]*s|-----BEGIN|BEGIN PGP/i;
/** Decoding depth: a base64 value inside an escaped JSON string is two levels. */
const MAX_DEPTH = 2;

function compileAll(det: Detector): RE2[] {
  return det.patterns.map((p, i) => compilePattern(p, `detector ${det.id} pattern ${i}`));
}

export function compilePattern(pattern: string, where: string): RE2 {
  try {
    return new RE2(pattern, 'gu');
  } catch (err) {
    throw new UsageError(`${where}: pattern rejected by RE2: ${(err as Error).message.split('\n')[0]}`);
  }
}

export interface ScanAt {
  lineOffset?: number;
  columnOffset?: number;
  keepBefore?: number;
}

export interface EngineOptions {
  fingerprintKey?: string;
  /** Scan decoded views of base64/hex/url/escaped text (default true). */
  decode?: boolean;
  /**
   * Compile a detector's patterns when its keyword first occurs (worker threads: most detectors never
   * run on a given input). Default false: every pattern is compiled, so a bad one fails here.
   */
  lazy?: boolean;
  /** When given, CPU-ish milliseconds are added per detector id, '(keywords)' and '(decoders)' (bench). */
  timings?: Map<string, number>;
}

export class Engine {
  private readonly compiled: Compiled[];
  private readonly index: KeywordIndex;
  private readonly key: string;
  private readonly decode: boolean;
  private readonly timings: Map<string, number> | undefined;

  constructor(detectors: Detector[], opts: EngineOptions = {}) {
    this.key = opts.fingerprintKey ?? fingerprintKey();
    this.decode = opts.decode ?? true;
    this.timings = opts.timings;
    this.compiled = detectors.map((det) => ({
      det,
      regexes: opts.lazy ? undefined : compileAll(det),
      margin: det.patterns.some((p) => MULTILINE.test(p)) ? MULTILINE_MARGIN : LINE_MARGIN,
    }));
    this.index = new KeywordIndex(detectors.map((d) => d.keywords));
  }

  get detectors(): Detector[] {
    return this.compiled.map((c) => c.det);
  }

  /** What a worker thread needs to build the same engine (plain data; stays in this process). */
  get settings(): { detectors: Detector[]; options: EngineOptions } {
    return { detectors: this.detectors, options: { fingerprintKey: this.key, decode: this.decode } };
  }

  /** In-process API: scan one chunk of text. */
  scan(chunk: Chunk): Finding[] {
    const at = { lineOffset: chunk.lineOffset ?? 1, columnOffset: chunk.columnOffset ?? 0 };
    return this.scanBuffer(Buffer.from(chunk.data, 'utf8'), chunk.origin, at);
  }

  /**
   * Scan UTF-8 bytes (any bytes: invalid sequences never match). `lineOffset` is the line of buf[0],
   * `columnOffset` shifts the first line; hits starting at or after `keepBefore` are left to the next piece.
   */
  scanBuffer(buf: Buffer, origin: Origin, at: ScanAt = {}): Finding[] {
    const { lineOffset = 1, columnOffset = 0, keepBefore = Infinity } = at;
    const hits = this.hits(buf, 0).filter((h) => h.start < keepBefore);
    if (hits.length === 0) return [];
    hits.sort((a, b) => a.start - b.start || a.from - b.from);
    const lines = new LineIndex(buf);
    const pos = (o: number): [number, number] => {
      const [l, c] = lines.at(o);
      return [l + lineOffset - 1, l === 1 ? c + columnOffset : c];
    };
    return hits.map((h) => this.finding(h, origin, pos(h.start), pos(h.end)));
  }

  private hits(buf: Buffer, depth: number): Hit[] {
    const out: Hit[] = [];
    const taken = new Set<string>();
    const t = this.timings;
    let t0 = t ? performance.now() : 0;
    const plan = this.index.plan(buf);
    if (t) t0 = tick(t, '(keywords)', t0);
    for (const [d, ranges] of plan.ranges) {
      const c = this.compiled[d]!;
      for (const r of ranges) this.runRange(c, buf, r, out, taken);
      if (t) t0 = tick(t, c.det.id, t0);
    }
    if (this.decode && depth < MAX_DEPTH) {
      this.decodedHits(buf, depth, out, plan.hot);
      if (t) tick(t, '(decoders)', t0);
    }
    return out;
  }

  private runRange(c: Compiled, buf: Buffer, r: Range, out: Hit[], taken: Set<string>): void {
    const from = alignStart(buf, r.start);
    const to = alignEnd(buf, r.end, c.margin);
    const view = from === 0 && to === buf.length ? buf : buf.subarray(from, to);
    c.regexes ??= compileAll(c.det);
    for (const re of c.regexes) {
      re.lastIndex = 0;
      for (let m = re.exec(view); m; m = re.exec(view)) {
        const whole = m[0] as unknown as Buffer;
        if (whole.length === 0) re.lastIndex++;
        if (from + m.index >= r.end) break;
        const g = m.groups as Record<string, Buffer | undefined> | undefined;
        const sec = g?.secret ?? ((m as unknown as Buffer[])[1] as Buffer | undefined) ?? whole;
        if (sec.length === 0) continue;
        const rel = sec === whole ? 0 : Math.max(0, whole.indexOf(sec));
        const start = from + m.index + rel;
        const key = `${c.det.id}:${start}`;
        if (taken.has(key)) continue;
        const secret = sec.toString('utf8');
        const validation = this.judge(c.det, secret, g);
        if (validation === false) continue;
        taken.add(key);
        out.push({ c, secret, start, end: start + sec.length, from: from + m.index, ...(validation ? { validation } : {}) });
      }
    }
  }

  /** Hits inside decoded views, mapped to the encoded location; a hit already found raw there is dropped. */
  private decodedHits(buf: Buffer, depth: number, out: Hit[], hot: Range[]): void {
    const seen = new Map<string, Hit[]>();
    const key = (h: Hit) => `${h.c.det.id}\u0000${h.secret}`;
    for (const h of out) {
      const list = seen.get(key(h));
      if (list) list.push(h);
      else seen.set(key(h), [h]);
    }
    // Unescaping cannot create a keyword, so only escaped lines near a keyword are worth decoding.
    for (const dec of findDecoded(buf, hot)) {
      for (const h of this.hits(dec.data, depth + 1)) {
        const start = dec.map ? dec.map[h.start]! : dec.start;
        const end = dec.map ? Math.max(start + 1, dec.map[h.end - 1]! + 1) : dec.end;
        const same = seen.get(key(h)) ?? [];
        if (same.some((o) => o.start < end && start < o.end)) continue;
        const hit: Hit = { ...h, start, end, encoding: h.encoding && dec.map ? h.encoding : dec.kind };
        same.push(hit);
        seen.set(key(h), same);
        out.push(hit);
      }
    }
  }

  /** false: not a finding; undefined: a finding without an offline check; else the check's result. */
  private judge(det: Detector, secret: string, g: Record<string, Buffer | undefined> | undefined): Validation | undefined | false {
    if (det.entropy !== undefined && shannon(secret) < det.entropy) return false;
    if (isPlaceholder(secret)) return false;
    if (!det.validate) return undefined;
    const fn = validators[det.validate];
    if (!fn) return undefined;
    const groups: Record<string, string> = {};
    for (const [k, v] of Object.entries(g ?? {})) if (v !== undefined) groups[k] = v.toString('utf8');
    const v = fn(secret, groups);
    return v && !v.ok ? false : v;
  }

  private finding(h: Hit, o: Origin, [line, column]: [number, number], [endLine, endColumn]: [number, number]): Finding {
    const det = h.c.det;
    const v = h.validation;
    const f: Finding = {
      detector: det.id,
      name: det.name,
      ...(det.issuer ? { issuer: det.issuer } : {}),
      path: o.path,
      line,
      column,
      endLine,
      endColumn,
      fingerprint: fingerprint(h.secret, this.key),
      redacted: redact(h.secret),
      lifetime: lifetimeOf(det.lifetime, h.secret, v),
      validated: v?.ok === true,
      ...(v?.facts ? { facts: v.facts } : {}),
      ...(h.encoding ? { encoding: h.encoding } : {}),
      source: o.source,
      ...(o.commit ? { commit: o.commit } : {}),
      ...(o.author ? { author: o.author } : {}),
      ...(o.date ? { date: o.date } : {}),
      ...(o.step ? { step: o.step } : {}),
      ...(o.config ? { config: o.config } : {}),
    };
    return attachSecret(f, h.secret);
  }
}

function tick(t: Map<string, number>, key: string, since: number): number {
  const now = performance.now();
  t.set(key, (t.get(key) ?? 0) + now - since);
  return now;
}

/** Move a range start back to a line start (or, in a long line, out of the current token) so \b holds. */
function alignStart(buf: Buffer, at: number): number {
  if (at <= 0) return 0;
  const nl = buf.lastIndexOf(10, at - 1);
  if (nl >= 0 && at - nl <= 1024) return nl + 1;
  let i = at;
  while (i > 0 && at - i < 512 && isTokenByte(buf[i - 1]!)) i--;
  return i;
}

/** Move a range end forward: past the end of the next line (`\s*` may cross one), or by the margin for multi-line patterns. */
function alignEnd(buf: Buffer, at: number, margin: number): number {
  const cap = Math.min(buf.length, at + margin);
  if (at >= buf.length || margin > LINE_MARGIN) return cap;
  const nl = buf.indexOf(10, at);
  if (nl < 0 || nl >= cap) return cap;
  const nl2 = buf.indexOf(10, nl + 1);
  return nl2 < 0 || nl2 >= cap ? cap : nl2;
}

function isTokenByte(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 45 || c >= 128;
}
