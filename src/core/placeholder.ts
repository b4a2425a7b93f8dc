// Values that are obviously not real credentials: placeholders, templates and documented examples.

const PLACEHOLDER = /^(?:x+|\*+|\.+|-+|0+|1234.*|changeme|change_me|password|secret|token|example|test|dummy|sample|placeholder|redacted|null|none|undefined|true|false)$/i;
const MARKERS = /(your|my)[_-]?(api[_-]?)?(key|token|secret|password)|_here\b|<[^>]*>|\{\{|\$\{|%\(|xxxx|\*\*\*\*|example|placeholder|dummy|changeme|redacted|insert[_-]?|replace[_-]?me/i;

export function isPlaceholder(value: string): boolean {
  if (PLACEHOLDER.test(value)) return true;
  if (MARKERS.test(value)) return true;
  // A single repeated character or a short repeating run ("abcabcabc").
  if (/^(.{1,3})\1{5,}$/.test(value)) return true;
  return false;
}
