// Structured logs (pino) that cannot carry credentials: token-like fields are redacted by path,
// and free text is passed through `sanitize`, which masks token shapes with RE2 (linear time).
import pino, { type Logger } from 'pino';
import RE2 from 're2';

const TOKEN_SHAPES = new RE2(
  [
    'gh[pousr]_[A-Za-z0-9]{20,}',
    'github_pat_[A-Za-z0-9_]{20,}',
    '(?:AKIA|ASIA)[A-Z2-7]{16}',
    'xox[abposr]-[A-Za-z0-9-]{10,}',
    'sk-[A-Za-z0-9_-]{20,}',
    'eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*',
    '(?i:bearer|token|basic)\\s+[A-Za-z0-9._~+/=-]{12,}',
    'x-access-token:[^@\\s]+',
    '://[^/@\\s:]+:[^/@\\s]+@',
  ].join('|'),
  'g',
);

/** Masks anything that looks like a credential in free text. */
export function sanitize(text: string): string {
  return text.replace(TOKEN_SHAPES, (m: string) => (m.startsWith('://') ? '://***@' : `${m.slice(0, 4)}***`));
}

const REDACT = [
  'token', 'secret', 'password', 'value', 'sealed', 'privateKey', 'authorization', 'cookie',
  '*.token', '*.secret', '*.password', '*.value', '*.sealed', '*.privateKey', '*.authorization', '*.cookie',
  'headers.authorization', 'req.headers.authorization', 'req.headers.cookie', 'req.headers["x-hub-signature-256"]',
];

export function createLogger(name: string, level = process.env.KEYSHIFT_LOG_LEVEL || 'info', dest?: pino.DestinationStream): Logger {
  const opts: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT, censor: '[redacted]' },
    formatters: { log: (obj) => scrubObject(obj) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((a) => (typeof a === 'string' ? sanitize(a) : a)) as Parameters<typeof method>);
      },
    },
  };
  return dest ? pino(opts, dest) : pino(opts);
}

function scrubObject(v: unknown, depth = 0): unknown {
  if (typeof v === 'string') return sanitize(v);
  if (depth > 4 || v === null || typeof v !== 'object') return v;
  if (v instanceof Error) return { type: v.name, message: sanitize(v.message) };
  if (Array.isArray(v)) return v.map((x) => scrubObject(x, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = scrubObject(x, depth + 1);
  return out;
}

export const log = createLogger('keyshift');
