// Line-level edits for line-oriented files (.npmrc, .pypirc, .env).

/** Drop every line that contains one of the needles (compared in memory). */
export function removeLinesContaining(text: string, needles: string[]): string {
  const lines = text.split(/(?<=\n)/);
  return lines.filter((l) => !needles.some((n) => n.length > 0 && l.includes(n))).join('');
}
