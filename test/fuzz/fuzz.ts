// Shared checks for the property tests: only typed (KeyshiftError) errors may escape a parser, and
// every call finishes within a time bound.
import { KeyshiftError } from '../../src/core/errors.ts';

export const RUNS = Number(process.env.KEYSHIFT_FUZZ_RUNS ?? 200);

/** Runs fn; a KeyshiftError counts as a clean refusal, anything else (or a slow call) fails. */
type ErrorClass = abstract new (...a: never[]) => Error;

export function tolerant<T>(fn: () => T, boundMs = 500, typed: ErrorClass[] = []): T | Error {
  const t0 = performance.now();
  let out: T | Error;
  try {
    out = fn();
  } catch (err) {
    if (!(err instanceof KeyshiftError) && !typed.some((c) => err instanceof c)) throw err;
    out = err as Error;
  }
  const ms = performance.now() - t0;
  if (ms > boundMs) throw new Error(`took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  return out;
}

export async function tolerantAsync<T>(fn: () => Promise<T>, boundMs = 2000): Promise<T | KeyshiftError> {
  const t0 = performance.now();
  let out: T | KeyshiftError;
  try {
    out = await fn();
  } catch (err) {
    if (!(err instanceof KeyshiftError)) throw err;
    out = err;
  }
  const ms = performance.now() - t0;
  if (ms > boundMs) throw new Error(`took ${ms.toFixed(0)} ms (bound ${boundMs} ms)`);
  return out;
}
