// Issuers list keys by a partial hint ("sk-ant-api03-R2D...igAA", "npm_ab…wxyz", "sk-proj-****abcd").
// A leaked value matches a hint when it starts with the head and ends with the tail.

export function matchesHint(secret: string, hint: string | undefined | null): boolean {
  if (!hint) return false;
  const m = /^(.*?)(?:\.{3}|…|\*{3,})(.*)$/.exec(hint);
  if (!m) return false; // a full value is never shown; anything else is not a hint
  const head = m[1]!;
  const tail = m[2]!;
  if (head.length + tail.length < 4 || head.length + tail.length >= secret.length) return false;
  return secret.startsWith(head) && secret.endsWith(tail);
}
