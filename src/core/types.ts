// Domain types shared by every stage. A secret value never appears in these shapes:
// it lives only in memory, attached to a Finding through src/core/secret.ts.

export type Lifetime = 'static' | 'ephemeral' | 'unknown';

/** Where scanned text came from. Sources fill what they know. */
export interface Origin {
  source: 'file' | 'git' | 'ci-log' | 'stdin' | 'archive';
  path: string;
  commit?: string;
  author?: string;
  date?: string;
  /** CI log: "job/step" name. */
  step?: string;
  /** Agent/workflow config: client name and RFC 6901 pointer of the value. */
  config?: { client: string; pointer: string };
}

/** A piece of text to scan. `lineOffset` is the 1-based line of data[0] within the origin. */
export interface Chunk {
  data: string;
  origin: Origin;
  lineOffset?: number;
  columnOffset?: number;
}

/** Compiled detector (from detectors/<id>/rule.yml). */
export interface Detector {
  id: string;
  name: string;
  issuer?: string;
  keywords: string[];
  patterns: string[];
  entropy?: number;
  validate?: string;
  lifetime: Lifetime | string;
  /** Matches with a lower confidence are only reported in agent configs/credential keys. */
  category?: string;
  description?: string;
  examples: string[];
  negatives: string[];
}

export interface Validation {
  /** true: the format's own check passed (checksum, structure); false: it failed. */
  ok: boolean;
  /** Non-secret facts decoded offline, e.g. AWS account id, JWT iss/exp. */
  facts?: Record<string, string | number | boolean>;
}

export type VerificationStatus = 'live' | 'invalid' | 'unknown';

export interface Verification {
  status: VerificationStatus;
  /** Sanitised reason; never contains the secret. */
  detail?: string;
  checkedAt: string;
}

export interface Identity {
  owner?: string;
  account?: string;
  keyId?: string;
  scopes?: string[];
  createdAt?: string;
  expiresAt?: string;
  lastUsedAt?: string;
  [k: string]: unknown;
}

export interface Finding {
  detector: string;
  name: string;
  issuer?: string;
  path: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Keyed HMAC-SHA256 of the secret (hex). Stable across commits and rebases. */
  fingerprint: string;
  redacted: string;
  lifetime: Lifetime;
  validated: boolean;
  facts?: Record<string, string | number | boolean>;
  /** Set when the secret was found inside an encoded form (base64, hex, url, escaped). */
  encoding?: string;
  source: Origin['source'];
  commit?: string;
  author?: string;
  date?: string;
  step?: string;
  config?: { client: string; pointer: string };
  verification?: Verification;
  identity?: Identity;
}

export interface ScanStats {
  files: number;
  bytes: number;
  skipped: number;
  errors: number;
  findings: number;
  durationMs: number;
  /** Findings dropped by an inline `keyshift:allow <reason>` comment. */
  suppressed?: number;
  /** Findings dropped because their fingerprint is in the baseline. */
  baselined?: number;
  /** Files skipped as binary (NUL bytes or a known binary extension); counted in `skipped` too. */
  binary?: number;
  /** Files scanned only up to the per-file cap (also listed in `problems`). */
  truncated?: number;
  /** Worker threads used (0: scanned in-process). */
  workers?: number;
}

export interface ScanReport {
  findings: Finding[];
  stats: ScanStats;
  /** Files reported and skipped (bad file inside a scan). */
  problems: { path: string; reason: string }[];
}
