// A per-file text scanner named by module URL and export, so worker threads can load it too.
import type { TextScanner } from '../sources/files.ts';

export interface TextScannerRef {
  /** Module URL (e.g. new URL('./x.ts', import.meta.url).href) exporting a factory. */
  module: string;
  /** Export name of `(options) => TextScanner`. */
  factory: string;
  /** Structured-cloneable options handed to the factory (Sets and Maps are fine; functions are not). */
  options?: unknown;
}

export async function loadTextScanner(ref: TextScannerRef): Promise<TextScanner> {
  const mod = (await import(ref.module)) as Record<string, unknown>;
  const make = mod[ref.factory];
  if (typeof make !== 'function') throw new Error(`${ref.module} has no export ${ref.factory}`);
  return (await make(ref.options)) as TextScanner;
}
