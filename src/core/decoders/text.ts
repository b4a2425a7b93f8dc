// Is a decoded buffer text worth scanning? Printable ASCII (secrets are), a little else tolerated, no NUL.
export function looksTextual(b: Buffer): boolean {
  if (b.length === 0) return false;
  let bad = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i]!;
    if (c === 0) return false;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c > 126) bad++;
  }
  return bad * 10 <= b.length;
}
