// The scan engine: one keyword pass per chunk picks the detectors that can apply; only those run.
import RE2 from 're2';
import type { Chunk, Detector, Finding, Validation } from './types.ts';
import { fingerprint, fingerprintKey } from './fingerprint.ts';
import { redact } from './redact.ts';
import { shannon } from './entropy.ts';
import { isPlaceholder } from './placeholder.ts';
import { validators } from './validators/index.ts';
import { lifetimeOf } from './lifetime.ts';
import { attachSecret } from './secret.ts';
import { UsageError } from './errors.ts';

interface Compiled {
  det: Detector;
  regexes: RE2[];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

export function compilePattern(pattern: string, where: string): RE2 {
  try {
    return new RE2(pattern, 'gu');
  } catch (err) {
    throw new UsageError(`${where}: pattern rejected by RE2: ${(err as Error).message.split('\n')[0]}`);
  }
}

export class Engine {
  private readonly compiled: Compiled[];
  private readonly byKeyword = new Map<string, Compiled[]>();
  private readonly keywordRe: RE2;
  private readonly key: string;

  constructor(detectors: Detector[], opts: { fingerprintKey?: string } = {}) {
    this.key = opts.fingerprintKey ?? fingerprintKey();
    this.compiled = detectors.map((det) => ({
      det,
      regexes: det.patterns.map((p, i) => compilePattern(p, `detector ${det.id} pattern ${i}`)),
    }));
    for (const c of this.compiled) {
      for (const kw of c.det.keywords) {
        const list = this.byKeyword.get(kw) ?? [];
        list.push(c);
        this.byKeyword.set(kw, list);
      }
    }
    const kws = [...this.byKeyword.keys()].sort((a, b) => b.length - a.length).map(escapeRe);
    this.keywordRe = new RE2(kws.join('|') || '(?!)', 'giu');
  }

  get detectors(): Detector[] {
    return this.compiled.map((c) => c.det);
  }

  /** Detectors whose keywords occur in the text. */
  private candidates(data: string): Compiled[] {
    const hit = new Set<Compiled>();
    const seen = new Set<string>();
    this.keywordRe.lastIndex = 0;
    for (let m = this.keywordRe.exec(data); m; m = this.keywordRe.exec(data)) {
      const kw = m[0].toLowerCase();
      if (seen.has(kw)) continue;
      seen.add(kw);
      for (const c of this.byKeyword.get(kw) ?? []) hit.add(c);
      if (seen.size === this.byKeyword.size) break;
    }
    return [...hit];
  }

  scan(chunk: Chunk): Finding[] {
    const out: Finding[] = [];
    const data = chunk.data;
    let lines: number[] | undefined;
    const pos = (offset: number): [number, number] => {
      lines ??= lineStarts(data);
      let lo = 0;
      let hi = lines.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (lines[mid]! <= offset) lo = mid;
        else hi = mid - 1;
      }
      const line = lo + (chunk.lineOffset ?? 1);
      const col = offset - lines[lo]! + 1 + (lo === 0 ? (chunk.columnOffset ?? 0) : 0);
      return [line, col];
    };
    const taken = new Set<string>();
    for (const c of this.candidates(data)) {
      for (const re of c.regexes) {
        re.lastIndex = 0;
        for (let m = re.exec(data); m; m = re.exec(data)) {
          if (m[0].length === 0) re.lastIndex++;
          const groups = (m.groups ?? {}) as Record<string, string>;
          const secret = groups.secret ?? m[1] ?? m[0];
          if (!secret) continue;
          const rel = groups.secret !== undefined || m[1] !== undefined ? m[0].indexOf(secret) : 0;
          const start = m.index + Math.max(0, rel);
          const f = this.judge(c.det, secret, groups, chunk, start, pos);
          if (!f) continue;
          const dedupe = `${c.det.id}:${start}`;
          if (taken.has(dedupe)) continue;
          taken.add(dedupe);
          out.push(f);
        }
      }
    }
    return out;
  }

  private judge(
    det: Detector,
    secret: string,
    groups: Record<string, string>,
    chunk: Chunk,
    start: number,
    pos: (o: number) => [number, number],
  ): Finding | undefined {
    if (det.entropy !== undefined && shannon(secret) < det.entropy) return undefined;
    if (isPlaceholder(secret)) return undefined;
    let validation: Validation | undefined;
    if (det.validate) {
      const fn = validators[det.validate];
      validation = fn ? fn(secret, groups) : undefined;
      if (validation && !validation.ok) return undefined;
    }
    const [line, column] = pos(start);
    const [endLine, endColumn] = pos(start + secret.length);
    const o = chunk.origin;
    const f: Finding = {
      detector: det.id,
      name: det.name,
      ...(det.issuer ? { issuer: det.issuer } : {}),
      path: o.path,
      line,
      column,
      endLine,
      endColumn,
      fingerprint: fingerprint(secret, this.key),
      redacted: redact(secret),
      lifetime: lifetimeOf(det.lifetime, secret, validation),
      validated: validation?.ok === true,
      ...(validation?.facts ? { facts: validation.facts } : {}),
      source: o.source,
      ...(o.commit ? { commit: o.commit } : {}),
      ...(o.author ? { author: o.author } : {}),
      ...(o.date ? { date: o.date } : {}),
      ...(o.step ? { step: o.step } : {}),
      ...(o.config ? { config: o.config } : {}),
    };
    return attachSecret(f, secret);
  }
}

function lineStarts(s: string): number[] {
  const out = [0];
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) out.push(i + 1);
  return out;
}
