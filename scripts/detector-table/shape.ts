// Token shapes as a tiny DSL: literal text plus `{class:len}` segments. One shape yields both the
// RE2 pattern and random, format-correct fake values for examples and negatives.
//   {an:32}  {hex:20,40}  {b64u:40,}  {uuid}  {jwt}  {alt:live|test}  {opt:SB-}  {[MNO]:1}

const CLASSES: Record<string, string> = {
  an: 'A-Za-z0-9',
  lan: 'a-z0-9',
  uan: 'A-Z0-9',
  hex: 'a-f0-9',
  HEX: 'A-F0-9',
  d: '0-9',
  al: 'a-z',
  AL: 'A-Z',
  aL: 'A-Za-z',
  w: 'A-Za-z0-9_',
  b64u: 'A-Za-z0-9_-',
  b64: 'A-Za-z0-9+/',
  b32: 'A-Z2-7',
};

export type Seg =
  | { kind: 'lit'; text: string }
  | { kind: 'cls'; re: string; chars: string; min: number; max: number | undefined }
  | { kind: 'alt'; options: string[]; optional: boolean }
  | { kind: 'uuid'; upper: boolean }
  | { kind: 'jwt' };

/** Characters a class body like `A-Za-z0-9_-` stands for. */
export function expandClass(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === '\\') {
      out += body[++i] ?? '';
    } else if (body[i + 1] === '-' && i + 2 < body.length) {
      for (let x = c.charCodeAt(0); x <= body.charCodeAt(i + 2); x++) out += String.fromCharCode(x);
      i += 2;
    } else out += c;
  }
  return out;
}

export function parseShape(shape: string): Seg[] {
  const segs: Seg[] = [];
  let lit = '';
  for (let i = 0; i < shape.length; i++) {
    if (shape[i] !== '{') {
      lit += shape[i];
      continue;
    }
    const end = shape.indexOf('}', i);
    if (end < 0) throw new Error(`unclosed segment in ${shape}`);
    if (lit) segs.push({ kind: 'lit', text: lit });
    lit = '';
    segs.push(segment(shape.slice(i + 1, end), shape));
    i = end;
  }
  if (lit) segs.push({ kind: 'lit', text: lit });
  return segs;
}

function segment(body: string, shape: string): Seg {
  if (body === 'uuid' || body === 'UUID') return { kind: 'uuid', upper: body === 'UUID' };
  if (body === 'jwt') return { kind: 'jwt' };
  if (body.startsWith('alt:')) return { kind: 'alt', options: body.slice(4).split('|'), optional: false };
  if (body.startsWith('opt:')) return { kind: 'alt', options: [body.slice(4)], optional: true };
  const m = /^(\[[^\]]+\]|\w+):(\d+)(?:(,)(\d*))?$/.exec(body);
  if (!m) throw new Error(`bad segment {${body}} in ${shape}`);
  const re = m[1]!.startsWith('[') ? m[1]!.slice(1, -1) : CLASSES[m[1]!];
  if (!re) throw new Error(`unknown class ${m[1]} in ${shape}`);
  const min = Number(m[2]);
  const max = m[3] ? (m[4] ? Number(m[4]) : undefined) : min;
  return { kind: 'cls', re, chars: expandClass(re), min, max };
}

const escapeLit = (s: string): string => s.replace(/[\\.^$|?*+()[\]{}/]/g, '\\$&');

function segRegex(s: Seg): string {
  switch (s.kind) {
    case 'lit':
      return escapeLit(s.text);
    case 'cls':
      return `[${s.re}]{${s.min}${s.max === s.min ? '' : `,${s.max ?? ''}`}}`;
    case 'alt':
      return `(?:${s.options.map(escapeLit).join('|')})${s.optional ? '?' : ''}`;
    case 'uuid': {
      const h = s.upper ? 'A-F0-9' : 'a-f0-9';
      return `[${h}]{8}-[${h}]{4}-[${h}]{4}-[${h}]{4}-[${h}]{12}`;
    }
    case 'jwt':
      return 'eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{16,}';
  }
}

/** Non-word characters a segment may end with, for the trailing guard. */
function tailChars(s: Seg | undefined): string | undefined {
  if (!s) return undefined;
  if (s.kind === 'cls') return s.chars;
  if (s.kind === 'uuid') return 'abcdefABCDEF0123456789-';
  if (s.kind === 'jwt') return '-_';
  return undefined;
}

const isWord = (c: string | undefined): boolean => c !== undefined && /\w/.test(c);

export function shapeRegex(segs: Seg[]): string {
  return segs.map(segRegex).join('');
}

/** Guard after the token: the next character must not extend it. */
export function trailingGuard(segs: Seg[]): string {
  const last = segs[segs.length - 1];
  const tail = tailChars(last);
  if (tail !== undefined) {
    const extra = [...new Set(tail.replace(/\w/g, ''))].map((c) => (/[\]\\^-]/.test(c) ? `\\${c}` : c)).join('');
    return `(?:[^A-Za-z0-9_${extra}]|$)`;
  }
  const text = last?.kind === 'lit' ? last.text : last?.kind === 'alt' ? last.options[0]! : '';
  return isWord(text[text.length - 1]) ? '\\b' : '';
}

/** Guard before a prefixed token: not glued to a word or a dash (`px-api-<uuid>` is not `api-<uuid>`). */
export function leadingGuard(segs: Seg[]): string {
  const first = segs[0];
  if (first?.kind === 'lit' && !isWord(first.text[0])) return '';
  return '(?:^|[^A-Za-z0-9_-])';
}

// --- fake values -----------------------------------------------------------------------------

export type Rand = () => number;

export function seeded(seed: string): Rand {
  let h = 2166136261;
  for (const c of seed) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (r: Rand, chars: string): string => chars[Math.floor(r() * chars.length)]!;
const randStr = (r: Rand, chars: string, n: number): string => Array.from({ length: n }, () => pick(r, chars)).join('');
const b64url = (s: string): string => Buffer.from(s).toString('base64url');

export interface FakeOpts {
  /** Length change for the last class segment (negative: too short). */
  delta?: number;
  /** Fill class segments with one repeated character (a low-entropy placeholder). */
  flat?: boolean;
}

export function fake(segs: Seg[], r: Rand, opts: FakeOpts = {}): string {
  const lastCls = segs.map((s) => s.kind).lastIndexOf('cls');
  return segs
    .map((s, i) => {
      switch (s.kind) {
        case 'lit':
          return s.text;
        case 'alt':
          return s.optional && r() < 0.5 ? '' : s.options[Math.floor(r() * s.options.length)]!;
        case 'uuid': {
          const h = s.upper ? '0123456789ABCDEF' : '0123456789abcdef';
          return [8, 4, 4, 4, 12].map((n) => (opts.flat ? h[10]!.repeat(n) : randStr(r, h, n))).join('-');
        }
        case 'jwt': {
          const head = b64url('{"alg":"HS256","typ":"JWT"}');
          if (opts.flat) return `${head}.eyJ${'x'.repeat(24)}.${'x'.repeat(43)}`;
          const body = b64url(JSON.stringify({ sub: randStr(r, 'abcdefghijklmnopqrstuvwxyz0123456789', 12), iat: 1735689600 + Math.floor(r() * 1e7) }));
          return `${head}.${body}.${randStr(r, CHARSET_B64U, 43)}`;
        }
        case 'cls': {
          const span = s.max === undefined ? 12 : s.max - s.min;
          let n = s.min + Math.floor(r() * (span + 1));
          if (i === lastCls && opts.delta) n = opts.delta < 0 ? s.min + opts.delta : (s.max ?? n) + opts.delta;
          return opts.flat ? s.chars[Math.floor(s.chars.length / 2)]!.repeat(n) : randStr(r, s.chars, Math.max(0, n));
        }
      }
    })
    .join('');
}

const CHARSET_B64U = expandClass('A-Za-z0-9_-');

/** Entropy floor for a shape: 65% of what its random parts together can carry. */
export function entropyFloor(segs: Seg[]): number | undefined {
  let k = 0;
  let n = 0;
  for (const s of segs) {
    const cand = s.kind === 'cls' ? { k: s.chars.length, n: s.min } : s.kind === 'uuid' ? { k: 16, n: 32 } : s.kind === 'jwt' ? { k: 64, n: 60 } : undefined;
    if (!cand) continue;
    k = Math.max(k, cand.k);
    n += cand.n;
  }
  if (n < 8) return undefined;
  return Math.floor(0.65 * Math.min(Math.log2(k), Math.log2(n)) * 10) / 10;
}

/** The shortest variable-length class at the end can be made too short. */
export function canShorten(segs: Seg[]): boolean {
  const last = [...segs].reverse().find((s) => s.kind === 'cls');
  return last?.kind === 'cls' && last.min > 3;
}
