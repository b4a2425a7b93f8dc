// Typed errors. Every message is safe to print: callers never put secret values in them.

export class KeyshiftError extends Error {
  constructor(message: string, readonly exitCode = 2) {
    super(message);
    this.name = new.target.name;
  }
}

/** Bad input from the user: path, config, flags. Exit 2. */
export class UsageError extends KeyshiftError {}

/** A single unit (file, blob, archive entry) could not be scanned; reported and skipped. */
export class UnitError extends KeyshiftError {}

/** A remote service failed in a way worth retrying (network, 5xx, 429). */
export class TransientError extends KeyshiftError {
  constructor(message: string, readonly retryAfterMs?: number) {
    super(message, 2);
  }
}

/** A remote service refused for good (404, 403 not ours, bad request). */
export class PermanentError extends KeyshiftError {}

/** One line for the terminal, whatever was thrown. */
export function describe(err: unknown): string {
  if (err instanceof KeyshiftError) return err.message;
  const e = err as NodeJS.ErrnoException | undefined;
  if (e?.code === 'ENOENT') return `no such file or directory: ${e.path ?? ''}`.trim();
  if (e?.code === 'EACCES') return `permission denied: ${e.path ?? ''}`.trim();
  if (e?.code === 'ENOTDIR') return `not a directory: ${e.path ?? ''}`.trim();
  const msg = e instanceof Error ? e.message : String(err);
  return (msg.split('\n')[0] ?? 'unknown error').slice(0, 300);
}
