// Display form of a secret: a short head that names its kind, never the tail.

const KNOWN_PREFIX = /^(?:[a-z]{2,12}[_-](?:[a-z0-9]{2,8}[_-]){0,2}|[A-Z]{4}(?=[A-Z2-7]{16}$))/i;

export function redact(value: string): string {
  const prefix = value.match(KNOWN_PREFIX)?.[0] ?? '';
  const head = prefix.length > 0 && prefix.length <= value.length / 2 ? prefix : value.slice(0, Math.min(4, Math.floor(value.length / 4)));
  return `${head}…(${value.length})`;
}

/** Replace every occurrence of the given secrets in text (for errors and logs). */
export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join(redact(s));
  return out;
}
