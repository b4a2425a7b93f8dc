// Options shared by every source (tree, history, stdin, CI-log archives).
import type { Engine } from '../core/engine.ts';

export interface LiteralOptions {
  /** Minimum length of an unknown-format literal under a credential-like key. */
  minLength: number;
  /** Minimum Shannon entropy (bits/char) of such a literal. */
  minEntropy: number;
}

export interface SourceOptions {
  engine: Engine;
  /** Skip a path (relative, '/'-separated) when this returns true. */
  exclude?: (path: string) => boolean;
  /** Detector ids whose findings are dropped. */
  disabled?: ReadonlySet<string>;
  literal?: LiteralOptions;
  /** Files/blobs/entries bigger than this are skipped and counted (default 20 MiB). */
  maxFileBytes?: number;
  fingerprintKey?: string;
  /** Called as units complete; `total` is 0 when unknown. */
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_LITERAL: LiteralOptions = { minLength: 16, minEntropy: 3.5 };
export const DEFAULT_MAX_FILE_BYTES = 20 * 1024 * 1024;
